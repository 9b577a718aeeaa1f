using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 15, sender identities, through awscli (Debian's 2.9 and the pip 1.x): <c>ses send-raw-email --source</c> is
/// the envelope sender and needs a verified identity, as the From does; SES's MessageRejected names it with the
/// region and nothing reaches the next hop. With a verified source the message is delivered with it as MAIL FROM.
/// </summary>
[TestFixture(AwsCli.DebianV2)]
[TestFixture(AwsCli.PipV1)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AwsCliSenderIdentityChecksTests(string cliPath)
{
    private const string Message = "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: through awscli\r\n\r\nHello.\r\n";

    private ApiCliSession? _session;

    private ApiRelay Relay => _session!.Relay;

    private AwsCli Aws => _session!.Aws;

    [SetUp]
    public async Task StartAsync()
    {
        _session = await ApiCliSession.StartAsync(cliPath, TimeSpan.FromMilliseconds(1));
        await Relay.Identities.CreateIdentityAsync("shop", "example.com", signing: null, CancellationToken.None);
        await Relay.MarkDkimSuccessAsync("shop", "example.com");
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    [Test]
    public async Task Send_raw_email_with_an_unverified_source_is_message_rejected_naming_it_with_the_region()
    {
        var result = await Aws.RunAsync("ses", "send-raw-email", "--source", "eve@unverified.test", "--raw-message", $"Data={Blob(Message)}");

        result.AssertError("MessageRejected");
        Assert.That(result.StandardError, Does.Contain(
            "Email address is not verified. The following identities failed the check in region EU-WEST-1: eve@unverified.test"));
        Assert.That(Relay.Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Send_raw_email_with_a_verified_source_is_delivered_with_it_as_the_envelope_sender()
    {
        var sent = (await Aws.RunAsync("ses", "send-raw-email", "--source", "bounces@example.com", "--raw-message", $"Data={Blob(Message)}")).Json();

        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);
        Assert.That((await Relay.DeliveredAsync(1)).Single().ReversePath, Is.EqualTo("bounces@example.com"));
    }

    /// <summary>The blob as each CLI takes it: v2 wants base64, v1 the text itself.</summary>
    private string Blob(string text) => Aws.IsVersion2 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : text;
}
