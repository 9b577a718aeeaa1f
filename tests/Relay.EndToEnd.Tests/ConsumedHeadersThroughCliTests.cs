using System.Text;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// awscli (Debian's 2.9 and the pip 1.x) and swaks over SMTP send the consumed-headers message (a folded Bcc field,
/// the X-SES-* fields, no Date or Message-ID) through a real Relay: the next hop gets it without the fields, with a
/// Date and the Message-ID <c>&lt;id@provider domain&gt;</c> for the id the client was given, and both signatures verify.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ConsumedHeadersThroughCliTests
{
    private const string Account = "swaks-app";
    private const string Password = "swaks password 42";

    [TestCase(AwsCli.DebianV2)]
    [TestCase(AwsCli.PipV1)]
    public async Task Awscli_send_raw_email_without_destinations(string cliPath)
    {
        await using var session = await ApiCliSession.StartAsync(cliPath, TimeSpan.FromMilliseconds(1));
        await session.Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com");
        var records = await session.Relay.MarkDkimSuccessAsync("shop", "example.com");
        var message = ConsumedHeaders.Message("awscli");
        // awscli 2 takes a blob parameter as base64, awscli 1 as the raw bytes (it encodes them itself); a JSON file,
        // because the message's commas would split shorthand syntax.
        var data = session.Aws.IsVersion2 ? Convert.ToBase64String(Encoding.ASCII.GetBytes(message)) : message;
        var input = session.Aws.WriteFile("raw.json", System.Text.Json.JsonSerializer.Serialize(new { Data = data }));

        var sent = (await session.Aws.RunAsync("ses", "send-raw-email", "--raw-message", "file://" + input)).Json();

        var delivered = (await session.Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.Recipients, Is.EquivalentTo(new[] { ConsumedHeaders.To, ConsumedHeaders.HiddenOne, ConsumedHeaders.HiddenTwo }));
        ConsumedHeaders.AssertPrepared(delivered.Data, sent.GetProperty("MessageId").GetString()!);
        await BothSignatures.AssertPassAsync(delivered.Data, records, "example.com");
    }

    [Test]
    public async Task Swaks_over_smtp()
    {
        ExternalTool.Require(Swaks.Path, "swaks");
        await using var relay = await RelayUnderTest.StartWithSinkAsync(Account, Password);
        await relay.AddDomainAsync(Account, "example.com");
        var file = Path.Combine(relay.DataDirectory, "consumed.eml");
        await File.WriteAllTextAsync(file, ConsumedHeaders.Message("swaks"));

        var swaks = await Swaks.RunAsync(relay.SubmissionEndPoint,
            "--tls", "--auth", "PLAIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "news@example.com", "--to", $"{ConsumedHeaders.To},{ConsumedHeaders.HiddenOne}", "--data", file);

        Assert.That(swaks.ExitCode, Is.Zero, swaks.ToString);
        var reply = swaks.ReplyToEndOfData().Single();
        var messageId = reply.Split(' ')[^1];
        Assert.That(reply, Does.StartWith("250 2.0.0 Ok "), swaks.ToString);
        var delivered = relay.Sink.Delivered.Single();
        ConsumedHeaders.AssertPrepared(delivered.Data, messageId);
        var verdicts = await VerifierVerdicts.ForAsync(delivered.Data, relay.TxtRecords);
        verdicts.AssertSignedAndPassing(["example.com", RelayUnderTest.ProviderDomain]);
    }
}
