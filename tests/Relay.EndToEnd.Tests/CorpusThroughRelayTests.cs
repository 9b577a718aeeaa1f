using System.Text;
using MimeKit;
using Relay.Core.Identities;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Awkward messages, loaded from exact bytes, sent with MailKit (STARTTLS + AUTH) through one Relay to an
/// independent sink. Everything is sent and verified once (python3-dkim and Mail::DKIM, one batch each);
/// each case then checks its own outcome: delivered, the bytes after the signatures are what MailKit sent,
/// and the expected signatures pass with both verifiers.
/// </summary>
public sealed class CorpusThroughRelayTests
{
    private readonly Dictionary<string, Outcome> _outcomes = [];
    private RelayUnderTest _relay = null!;

    public static IEnumerable<TestCaseData> ContentCases =>
        RelayCorpus.ContentCases.Select(message => new TestCaseData(message.Name).SetArgDisplayNames(message.Name));

    public static IEnumerable<TestCaseData> PrecedenceCases =>
        RelayCorpus.PrecedenceCases.Select(message => new TestCaseData(message.Name).SetArgDisplayNames(message.Name));

    [OneTimeSetUp]
    public async Task SendTheCorpusAsync()
    {
        _relay = await RelayUnderTest.StartWithSinkAsync(RelayCorpus.Account, RelayCorpus.Password);
        await _relay.AddDomainAsync(RelayCorpus.Account, "example.com");
        await _relay.AddDomainAsync(RelayCorpus.Account, "news.example.com");
        await _relay.AddDomainAsync(RelayCorpus.Account, "example.org", signingEnabled: false);
        await _relay.AddEmailAsync(RelayCorpus.Account, "alerts@example.com", signingEnabled: false);
        await _relay.AddEmailAsync(RelayCorpus.Account, "ceo@example.org", signingEnabled: true);

        foreach (var message in RelayCorpus.All)
        {
            _outcomes[message.Name] = await SendAsync(message);
        }

        var delivered = _outcomes.Values.Where(outcome => outcome.Delivered is not null).ToList();
        var verdicts = await VerifierVerdicts.ForManyAsync(delivered.Select(outcome => outcome.Delivered!.Data).ToList(), _relay.TxtRecords);
        for (var i = 0; i < delivered.Count; i++)
        {
            delivered[i].Verdicts = verdicts[i];
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        // Null when set-up stopped early (a missing peer, a failed start); that is reported there.
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [TestCaseSource(nameof(ContentCases))]
    public void Arrives_byte_exact_after_the_signatures_and_both_signatures_verify(string name)
    {
        var message = RelayCorpus.Named(name);
        var outcome = DeliveredOutcome(name);

        var transmitted = Encoding.UTF8.GetString(outcome.Transmitted);
        // MailKit ends the content with CRLF (EnsureNewLine); every other byte must be the corpus's own.
        var expected = Encoding.UTF8.GetString(message.Content);
        Assert.That(transmitted, Is.EqualTo(expected.EndsWith("\r\n", StringComparison.Ordinal) ? expected : expected + "\r\n"),
            "precondition: MailKit sent the corpus bytes as written");

        var signed = SignedMessage.Split(outcome.Delivered!.Data);
        Assert.That(signed.SignatureFields, Has.Count.EqualTo(message.ExpectedDomains.Count), () => Head(outcome.Delivered.Data));
        Assert.That(signed.Rest, Is.EqualTo(outcome.Transmitted), "the bytes after Relay's trace and signature fields");
        Assert.That(outcome.Delivered.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(outcome.Delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
        outcome.Verdicts!.AssertSignedAndPassing(message.ExpectedDomains);
    }

    [TestCaseSource(nameof(PrecedenceCases))]
    public void The_resolved_identity_decides_the_customer_signature(string name)
    {
        var message = RelayCorpus.Named(name);
        var outcome = DeliveredOutcome(name);

        var signed = SignedMessage.Split(outcome.Delivered!.Data);
        Assert.That(signed.Rest, Is.EqualTo(outcome.Transmitted), "the bytes after Relay's trace and signature fields");
        outcome.Verdicts!.AssertSignedAndPassing(message.ExpectedDomains);
    }

    private static string Head(byte[] data) => "delivered message starts:" + Environment.NewLine + Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1500)]);

    private Outcome DeliveredOutcome(string name)
    {
        var outcome = _outcomes[name];
        Assert.That(outcome.Error, Is.Null, () => $"sending failed: {outcome.Error}");
        Assert.That(outcome.Delivered, Is.Not.Null, "the sink received nothing for this message");
        Assert.That(outcome.Verdicts, Is.Not.Null);
        return outcome;
    }

    private async Task<Outcome> SendAsync(CorpusMessage corpusMessage)
    {
        var before = _relay.Sink.Transactions.Count;
        try
        {
            var message = MimeMessage.Load(new MemoryStream(corpusMessage.Content));
            var transmitted = await MailKitSubmission.SendAsync(_relay, RelayCorpus.Account, RelayCorpus.Password, message);
            // Relay answers 250 only after the next hop accepted, so the sink already holds this transaction.
            var received = _relay.Sink.Transactions.Skip(before).ToList();
            return received.Count == 1 && received[0].Accepted
                ? new Outcome(transmitted, received[0], null)
                : new Outcome(transmitted, null, new InvalidOperationException($"the sink recorded {received.Count} transactions for one message"));
        }
        catch (Exception exception) when (exception is MailKit.Net.Smtp.SmtpCommandException or MailKit.ProtocolException or IOException)
        {
            return new Outcome([], null, exception);
        }
    }

    private sealed class Outcome(byte[] transmitted, SmtpSinkTransaction? delivered, Exception? error)
    {
        public byte[] Transmitted { get; } = transmitted;

        public SmtpSinkTransaction? Delivered { get; } = delivered;

        public Exception? Error { get; } = error;

        public VerifierVerdicts? Verdicts { get; set; }
    }
}
