using System.Globalization;
using System.Text.Json;
using MailKit.Net.Smtp;
using MimeKit;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// Sending quotas through each SES SDK against a real Relay: GetSendQuota and GetAccount report the configured limits
/// and the recipients sent (SMTP and API together); over the daily quota or the rate, the SDK raises SES's throttle
/// and SMTP answers 454 at the end of DATA, and nothing more reaches the next hop.
/// </summary>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SendingQuotaThroughSdkTests(string sdkName)
{
    private ApiRelay? _relay;
    private SdkClient? _sdk;

    private ApiRelay Relay => _relay!;

    private SdkClient Sdk => _sdk!;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    private async Task StartAsync(double max24HourSend, double maxSendRate)
    {
        _relay = await ApiRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Quotas:Max24HourSend"] = max24HourSend.ToString(CultureInfo.InvariantCulture),
            ["Relay:Quotas:MaxSendRate"] = maxSendRate.ToString(CultureInfo.InvariantCulture),
        });
        _sdk = SdkClient.Create(sdkName, _relay);
        await Relay.Relay.AddDomainAsync("shop", "example.com");
    }

    private static object SendEmailV1(params string[] to) => new
    {
        Source = "news@example.com",
        Destination = new { ToAddresses = to },
        Message = new { Subject = new { Data = "quota" }, Body = new { Text = new { Data = "counted" } } },
    };

    private static object SendEmailV2(params string[] to) => new
    {
        FromEmailAddress = "news@example.com",
        Destination = new { ToAddresses = to },
        Content = new { Simple = new { Subject = new { Data = "quota" }, Body = new { Text = new { Data = "counted" } } } },
    };

    [Test]
    public async Task GetSendQuota_and_GetAccount_report_the_configured_limits_and_SentLast24Hours_grows_by_recipients()
    {
        await StartAsync(max24HourSend: 1000, maxSendRate: 20);

        var before = (await Sdk.CallAsync("ses", "GetSendQuota")).Json();
        (await Sdk.CallAsync("ses", "SendEmail", SendEmailV1("a@dest.test", "b@dest.test", "c@dest.test"))).Json();
        await MailKitSubmission.SendAsync(Relay.Relay, "shop", "shop password", Message("d@dest.test"));
        var after = (await Sdk.CallAsync("ses", "GetSendQuota")).Json();
        var account = (await Sdk.CallAsync("sesv2", "GetAccount")).Json().GetProperty("SendQuota");
        var other = (await Sdk.As(Relay.OtherKey.Id, Relay.OtherKey.Secret).CallAsync("ses", "GetSendQuota")).Json();

        Assert.That(Numbers(before), Is.EqualTo((1000.0, 20.0, 0.0)));
        Assert.That(Numbers(after), Is.EqualTo((1000.0, 20.0, 4.0)), "three API recipients and one SMTP recipient");
        Assert.That(Numbers(account), Is.EqualTo((1000.0, 20.0, 4.0)));
        Assert.That(Numbers(other).SentLast24Hours, Is.Zero, "each account has its own count");
        Assert.That(DjangoSesBurst(after), Is.EqualTo(21), "django-ses paces at the reported rate instead of failing on the first send");
    }

    [Test]
    public async Task Over_the_daily_quota_the_third_send_is_Throttling_Daily_message_quota_exceeded_everywhere()
    {
        await StartAsync(max24HourSend: 2, maxSendRate: 14);

        (await Sdk.CallAsync("ses", "SendEmail", SendEmailV1("a@dest.test"))).Json();
        (await Sdk.CallAsync("ses", "SendEmail", SendEmailV1("b@dest.test"))).Json();
        var v1 = await Sdk.CallAsync("ses", "SendEmail", SendEmailV1("c@dest.test"));
        var v2 = await Sdk.CallAsync("sesv2", "SendEmail", SendEmailV2("d@dest.test"));
        var smtp = Assert.ThrowsAsync<SmtpCommandException>(() => MailKitSubmission.SendAsync(Relay.Relay, "shop", "shop password", Message("e@dest.test")))!;
        var quota = (await Sdk.CallAsync("ses", "GetSendQuota")).Json();

        v1.AssertError("Throttling");
        Assert.That((v1.HttpStatus, v1.ErrorMessage), Is.EqualTo((400, "Daily message quota exceeded.")));
        v2.AssertError("LimitExceededException");
        Assert.That((v2.HttpStatus, v2.ErrorMessage), Is.EqualTo((400, "Daily message quota exceeded.")));
        Assert.That(((int)smtp.StatusCode, smtp.Message), Is.EqualTo((454, "4.7.0 Throttling failure: Daily message quota exceeded.")));
        Assert.That(Numbers(quota).SentLast24Hours, Is.EqualTo(2), "refused sends do not count");
        var delivered = await Relay.DeliveredAsync(2);
        await Task.Delay(500);
        Assert.That(delivered.Concat(Relay.Relay.Sink.Delivered).SelectMany(t => t.Recipients).Distinct(),
            Is.EquivalentTo(new[] { "a@dest.test", "b@dest.test" }), "nothing refused was queued");
    }

    [Test]
    public async Task Over_the_rate_the_next_send_is_Throttling_Maximum_sending_rate_exceeded()
    {
        // Ten recipients at one a second: the next ten seconds are over the rate, time enough for three SDK calls.
        await StartAsync(max24HourSend: 50_000, maxSendRate: 1);
        var ten = Enumerable.Range(0, 10).Select(index => $"r{index.ToString(CultureInfo.InvariantCulture)}@dest.test").ToArray();

        (await Sdk.CallAsync("ses", "SendEmail", SendEmailV1(ten))).Json();
        var v1 = await Sdk.CallAsync("ses", "SendEmail", SendEmailV1("x@dest.test"));
        var v2 = await Sdk.CallAsync("sesv2", "SendEmail", SendEmailV2("y@dest.test"));
        var smtp = Assert.ThrowsAsync<SmtpCommandException>(() => MailKitSubmission.SendAsync(Relay.Relay, "shop", "shop password", Message("z@dest.test")))!;

        v1.AssertError("Throttling");
        Assert.That((v1.HttpStatus, v1.ErrorMessage), Is.EqualTo((400, "Maximum sending rate exceeded.")));
        v2.AssertError("TooManyRequestsException");
        Assert.That((v2.HttpStatus, v2.ErrorMessage), Is.EqualTo((429, "Maximum sending rate exceeded.")));
        Assert.That(((int)smtp.StatusCode, smtp.Message), Is.EqualTo((454, "4.7.0 Throttling failure: Maximum sending rate exceeded.")));
    }

    private static MimeMessage Message(string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("news@example.com"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "quota over SMTP";
        message.Body = new TextPart("plain") { Text = "counted\r\n" };
        return message;
    }

    private static (double Max24HourSend, double MaxSendRate, double SentLast24Hours) Numbers(JsonElement quota) =>
        (quota.GetProperty("Max24HourSend").GetDouble(), quota.GetProperty("MaxSendRate").GetDouble(), quota.GetProperty("SentLast24Hours").GetDouble());

    /// <summary>
    /// django-ses's auto-throttle (<c>SESBackend.send_messages</c>): <c>rate_limit</c> is GetSendQuota's MaxSendRate,
    /// the window 2 seconds, the default throttle 0.5; before each send it prunes its send history to the window and,
    /// when <c>len(history) &gt; rate_limit * window * throttle</c>, sleeps until <c>history[0]</c> leaves the window.
    /// With MaxSendRate -1 the first send (empty history) reads <c>history[0]</c>: IndexError. Returns the sends it lets
    /// through in one burst before its first pause, replaying that loop on a clock that does not move.
    /// </summary>
    private static int DjangoSesBurst(JsonElement quota)
    {
        const double Window = 2.0;
        const double Throttle = 0.5;
        var rateLimit = quota.GetProperty("MaxSendRate").GetDouble();
        var history = new List<int>();
        while (history.Count < 1000)
        {
            if (history.Count > rateLimit * Window * Throttle)
            {
                Assert.That(history, Is.Not.Empty, "django-ses would read history[0] of an empty list (IndexError)");
                return history.Count;
            }

            history.Add(history.Count);
        }

        return history.Count;
    }
}
