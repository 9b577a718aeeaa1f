using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 20 for customer domains, through real DNS (BIND for the customer's zone, unbound resolving, Relay's key zone
/// behind it): with <c>Relay:Identities:Ed25519</c> on, a domain gets a fourth token; Relay signs with Ed25519 only
/// once that CNAME verifies, and then every corpus message carries the domain's ed25519-sha256 and rsa-sha256
/// signatures and the provider's. python3-dkim (with PyNaCl) and OpenDKIM 2.11's filter pass all three; Debian's
/// Mail::DKIM 1.20230212, which has no ed25519-sha256 (even with CryptX installed), and python3-dkim with PyNaCl
/// hidden pass the RSA ones: a receiver that does not know Ed25519 loses nothing.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class Ed25519DomainJourneyTests
{
    private const string Domain = "example.com";
    private static readonly string KeyZone = "dkim." + RelayUnderTest.ProviderDomain;

    private DnsTestNetwork? _dns;
    private RelayUnderTest? _relay;

    private IIdentityManagement Identities => _relay!.Services.GetRequiredService<IIdentityManagement>();

    [SetUp]
    public async Task StartAsync()
    {
        ExternalTool.RequireModule(DkimVerifiers.PythonPath, ["-c", "import nacl.signing"], "python3-nacl");
        var keyZonePort = LoopbackPorts.FindFree();
        _dns = await KeyZoneBehindResolver.StartAsync(Domain, KeyZone, keyZonePort);
        var sink = SmtpSink.Start();
        var settings = KeyZoneBehindResolver.Settings(_dns, keyZonePort);
        settings["Relay:Identities:Ed25519"] = "true";
        // For the rotation: a new key behind the fourth token may sign two seconds after it is published, and the
        // background verifier looks every second.
        settings["Relay:KeyZone:Ttl"] = "00:00:01";
        settings["Relay:Identities:KeySwitchDelay"] = "00:00:02";
        settings["Relay:DnsChecks:PollInterval"] = "00:00:01";
        _relay = await RelayUnderTest.StartAsync(sink.Port, settings);
        _relay.AttachSink(sink);
        await _relay.AddAccountAsync(RelayCorpus.Account, RelayCorpus.Password);
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }
    }

    [Test]
    public async Task The_fourth_cname_turns_on_ed25519_and_every_verifier_passes_what_it_knows()
    {
        var tokens = await Identities.VerifyDomainDkimAsync(RelayCorpus.Account, Domain, CancellationToken.None);
        var ed25519Token = (await Identities.FindAsync(RelayCorpus.Account, Domain, CancellationToken.None))!.Ed25519!.Key.Selector;
        Assert.That(tokens, Has.Count.EqualTo(3), "SES's three tokens");

        await PublishAsync(tokens);
        var rsaOnly = await Identities.CheckNowAsync(RelayCorpus.Account, Domain, CancellationToken.None);
        Assert.That(rsaOnly.DkimStatus, Is.EqualTo(VerificationStatus.Success), Describe(rsaOnly.DkimCheck));
        Assert.That(rsaOnly.Ed25519!.Status, Is.EqualTo(VerificationStatus.Pending), Describe(rsaOnly.Ed25519.Check));
        Assert.That(rsaOnly.Ed25519.Check.Records.Select(record => record.Outcome), Is.EqualTo(new[] { "Missing" }), Describe(rsaOnly.Ed25519.Check));

        var beforeCname = await SendAsync(RelayCorpus.ContentCases[0]);
        Assert.That(SignatureSelectors(beforeCname), Is.EqualTo(new[] { tokens[0], RelayUnderTest.ProviderSelector }), "no Ed25519 signature before its CNAME verifies");

        await PublishAsync([.. tokens, ed25519Token]);
        var both = await Identities.CheckNowAsync(RelayCorpus.Account, Domain, CancellationToken.None);
        Assert.That(both.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success), Describe(both.Ed25519.Check));
        Assert.That(both.Ed25519.Check.Records.Select(record => record.Outcome), Is.All.EqualTo("Found"), Describe(both.Ed25519.Check));

        var corpus = RelayCorpus.ContentCases.ToList();
        var delivered = new List<byte[]>();
        foreach (var message in corpus)
        {
            var (transmitted, arrived) = await SendAndReceiveAsync(message);
            var signed = SignedMessage.Split(arrived);
            Assert.That(signed.Rest, Is.EqualTo(transmitted), $"{message.Name}: the signatures are prepended to the exact bytes");
            Assert.That(signed.SignatureFields.Select(Tag("a")), Is.EqualTo(new[] { "ed25519-sha256", "rsa-sha256", "rsa-sha256" }), message.Name);
            Assert.That(signed.SignatureFields.Select(Tag("c")), Is.All.EqualTo("relaxed/simple"), message.Name);
            Assert.That(signed.SignatureFields.Take(2).Select(Tag("h")).Distinct().Count(), Is.EqualTo(1), $"{message.Name}: the domain's two signatures cover the same fields");
            delivered.Add(arrived);
        }

        var resolver = _dns!.ResolverEndPoint;
        var python = await DkimVerifiers.VerifyManyWithPythonThroughResolverAsync(delivered, resolver);
        var perl = await DkimVerifiers.VerifyManyWithPerlThroughResolverAsync(delivered, resolver);
        var pythonWithoutEd25519 = await DkimVerifiers.VerifyManyWithPythonWithoutEd25519ThroughResolverAsync(delivered, resolver);
        for (var i = 0; i < corpus.Count; i++)
        {
            var name = corpus[i].Name;
            Assert.That(python[i].Select(v => (v.Domain, v.Selector, v.Result)), Is.EqualTo(new[]
            {
                (Domain, ed25519Token, "pass"),
                (Domain, tokens[0], "pass"),
                (RelayUnderTest.ProviderDomain, RelayUnderTest.ProviderSelector, "pass"),
            }), $"python3-dkim, {name}:{Environment.NewLine}{DkimVerdict.Describe(python[i])}");
            Assert.That(perl[i].Select(v => (v.Selector, v.Passed)), Is.EqualTo(new[]
            {
                (ed25519Token, false),
                (tokens[0], true),
                (RelayUnderTest.ProviderSelector, true),
            }), $"Mail::DKIM, {name}:{Environment.NewLine}{DkimVerdict.Describe(perl[i])}");
            Assert.That(perl[i][0].Detail, Does.Contain("unsupported algorithm"), "Mail::DKIM 1.20230212 skips ed25519-sha256 and still passes RSA");
            Assert.That(pythonWithoutEd25519[i].Select(v => (v.Selector, v.Result)), Is.EqualTo(new[]
            {
                (ed25519Token, "error"),
                (tokens[0], "pass"),
                (RelayUnderTest.ProviderSelector, "pass"),
            }), $"python3-dkim without PyNaCl, {name}:{Environment.NewLine}{DkimVerdict.Describe(pythonWithoutEd25519[i])}");

            var openDkim = await OpenDkimFilter.VerifyThroughResolverAsync(delivered[i], resolver);
            Assert.That(openDkim.Results.Select(result => (result.Selector, result.Algorithm, result.Verdict)), Is.EquivalentTo(new[]
            {
                (ed25519Token, "ed25519-sha256", "pass"),
                (tokens[0], "rsa-sha256", "pass"),
                (RelayUnderTest.ProviderSelector, "rsa-sha256", "pass"),
            }), $"OpenDKIM, {name}:{Environment.NewLine}{openDkim}");
        }
    }

    [Test]
    public async Task A_customers_ed25519_seed_signs_once_its_txt_is_published()
    {
        var tokens = await Identities.VerifyDomainDkimAsync(RelayCorpus.Account, Domain, CancellationToken.None);
        var seed = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var own = await Identities.SetEd25519Async(RelayCorpus.Account, Domain, new Ed25519DkimRequest(true, "ed2026", seed), CancellationToken.None);
        var txt = Identities.RecordsFor(own).Single(record => record.Name == $"ed2026._domainkey.{Domain}");
        Assert.That(txt.Type, Is.EqualTo("TXT"));

        await PublishAsync(tokens, [$"ed2026._domainkey TXT \"{txt.Value}\""]);
        var verified = await Identities.CheckNowAsync(RelayCorpus.Account, Domain, CancellationToken.None);
        Assert.That(verified.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success), Describe(verified.Ed25519.Check));

        var (_, arrived) = await SendAndReceiveAsync(RelayCorpus.ContentCases[1]);
        var python = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(arrived, _dns!.ResolverEndPoint);
        Assert.That(python.Select(v => (v.Selector, v.Result)), Is.EqualTo(new[]
        {
            ("ed2026", "pass"), (tokens[0], "pass"), (RelayUnderTest.ProviderSelector, "pass"),
        }), DkimVerdict.Describe(python));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_rotation_pauses_only_the_ed25519_signature_and_the_new_key_then_verifies_through_dns(CancellationToken cancellationToken)
    {
        var tokens = await Identities.VerifyDomainDkimAsync(RelayCorpus.Account, Domain, cancellationToken);
        var before = (await Identities.FindAsync(RelayCorpus.Account, Domain, cancellationToken))!.Ed25519!;
        await PublishAsync([.. tokens, before.Key.Selector]);
        var both = await Identities.CheckNowAsync(RelayCorpus.Account, Domain, cancellationToken);
        Assert.That(both.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success), "set-up: " + Describe(both.Ed25519.Check));

        var rotated = await Identities.RotateAsync(RelayCorpus.Account, Domain, cancellationToken);
        Assert.That(rotated.Ed25519!.Key.Selector, Is.EqualTo(before.Key.Selector), "the customer's fourth CNAME stays");
        var during = await SendAsync(RelayCorpus.ContentCases[2]);
        var duringVerdicts = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(during, _dns!.ResolverEndPoint);
        Assert.That(duringVerdicts.Select(v => (v.Selector, v.Result)), Is.EqualTo(new[]
        {
            (both.SigningKey!.Selector, "pass"), (RelayUnderTest.ProviderSelector, "pass"),
        }), "during the pause, RSA only: " + DkimVerdict.Describe(duringVerdicts));

        Identity resumed;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            resumed = (await Identities.FindAsync(RelayCorpus.Account, Domain, cancellationToken))!;
        }
        while (resumed.Ed25519!.Status != VerificationStatus.Success);

        var after = await SendAsync(RelayCorpus.ContentCases[3]);
        var afterVerdicts = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(after, _dns.ResolverEndPoint);
        Assert.Multiple(() =>
        {
            Assert.That(resumed.Ed25519.Key.Ed25519PublicKey, Is.EqualTo(rotated.Ed25519.Key.Ed25519PublicKey));
            Assert.That(resumed.Ed25519.Key.Ed25519PublicKey, Is.Not.EqualTo(before.Key.Ed25519PublicKey));
            Assert.That(afterVerdicts[0].Selector, Is.EqualTo(before.Key.Selector));
            Assert.That(afterVerdicts.Select(v => v.Result), Is.All.EqualTo("pass"), "the new key, served behind the same token: " + DkimVerdict.Describe(afterVerdicts));
            Assert.That(afterVerdicts, Has.Count.EqualTo(3));
        });
    }

    private static Func<string, string> Tag(string name) => field =>
    {
        var value = string.Concat(field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..].Where(c => !char.IsWhiteSpace(c)));
        return value.Split(';').Select(tag => tag.Split('=', 2)).Single(pair => pair[0] == name)[1];
    };

    private static IEnumerable<string> SignatureSelectors(byte[] message) => SignedMessage.Split(message).SignatureFields.Select(Tag("s"));

    private async Task PublishAsync(IEnumerable<string> tokens, IEnumerable<string>? more = null) =>
        await _dns!.SetZoneAsync(
            new TestZone(Domain, string.Join('\n', tokens.Select(token => $"{token}._domainkey CNAME {token}.{KeyZone}.").Concat(more ?? []))),
            CancellationToken.None);

    private async Task<byte[]> SendAsync(CorpusMessage message) => (await SendAndReceiveAsync(message)).Arrived;

    private async Task<(byte[] Transmitted, byte[] Arrived)> SendAndReceiveAsync(CorpusMessage message)
    {
        var before = _relay!.Sink.Delivered.Count;
        var transmitted = await MailKitSubmission.SendAsync(_relay, RelayCorpus.Account, RelayCorpus.Password, MimeMessage.Load(new MemoryStream(message.Content)));
        var arrived = await SinkWait.ForDeliveredAsync(_relay.Sink, before + 1, TimeSpan.FromSeconds(60));
        return (transmitted, arrived[before].Data);
    }

    private static string Describe(DnsCheckState check) =>
        string.Join(Environment.NewLine, check.Records.Select(record => $"{record.Outcome} {record.Name}: {record.Explanation}"));
}
