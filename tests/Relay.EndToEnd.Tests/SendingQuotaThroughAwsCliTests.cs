using System.Text.Json;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// <c>aws ses get-send-quota</c> and <c>aws sesv2 get-account</c> (Debian's 2.9 and pip's 1.x) show the configured limits
/// and the recipients sent; over the daily quota, <c>aws ses send-email</c> fails with SES's throttle.
/// </summary>
[TestFixture(AwsCli.DebianV2)]
[TestFixture(AwsCli.PipV1)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SendingQuotaThroughAwsCliTests(string cliPath)
{
    private ApiRelay? _relay;
    private AwsCli? _aws;

    [TearDown]
    public async Task StopAsync()
    {
        _aws?.Dispose();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task Get_send_quota_shows_the_configured_limits_and_the_sends_and_the_third_send_is_throttled()
    {
        _relay = await ApiRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Quotas:Max24HourSend"] = "2",
            ["Relay:Quotas:MaxSendRate"] = "5",
        });
        _aws = _relay.Cli(cliPath);
        await _relay.Relay.AddDomainAsync("shop", "example.com");
        string[] send = ["ses", "send-email", "--from", "news@example.com", "--destination", "ToAddresses=a@dest.test,b@dest.test",
            "--message", "Subject={Data=quota},Body={Text={Data=counted}}"];

        var before = (await _aws.RunAsync("ses", "get-send-quota")).Json();
        (await _aws.RunAsync(send)).Json();
        var after = (await _aws.RunAsync("ses", "get-send-quota")).Json();
        var account = (await _aws.RunAsync("sesv2", "get-account")).Json().GetProperty("SendQuota");
        var refused = await _aws.RunAsync(send);

        Assert.That(Numbers(before), Is.EqualTo((2.0, 5.0, 0.0)));
        Assert.That(Numbers(after), Is.EqualTo((2.0, 5.0, 2.0)), "two recipients count two");
        Assert.That(Numbers(account), Is.EqualTo((2.0, 5.0, 2.0)));
        refused.AssertError("Throttling");
        Assert.That(refused.StandardError, Does.Contain("Daily message quota exceeded."));
    }

    private static (double Max24HourSend, double MaxSendRate, double SentLast24Hours) Numbers(JsonElement quota) =>
        (quota.GetProperty("Max24HourSend").GetDouble(), quota.GetProperty("MaxSendRate").GetDouble(), quota.GetProperty("SentLast24Hours").GetDouble());
}
