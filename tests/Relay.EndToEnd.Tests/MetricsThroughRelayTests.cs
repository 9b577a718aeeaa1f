using System.Globalization;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Relay.EndToEnd.Tests.Sdk;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// <c>GET /metrics</c> of a real Relay after real traffic: Prometheus's own <c>promtool check metrics</c> finds nothing
/// to complain about, and each series moves when its event happens (SMTP and API sends, an AUTH failure, TLS, both
/// signatures, a delivery and a hard bounce with its suppression-list entry, an identity DNS check, the timings).
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MetricsThroughRelayTests
{
    private ApiRelay? _relay;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task Every_series_moves_with_its_event_and_promtool_accepts_the_text()
    {
        var promtool = ExternalTool.Require("/usr/bin/promtool", "prometheus");
        _relay = await ApiRelay.StartAsync(
            new Dictionary<string, string?> { ["Relay:Delivery:Mode"] = "Queue" },
            new SmtpSinkOptions { RcptReply = address => address == "gone@dest.test" ? "550 5.1.1 <gone@dest.test>: User unknown" : null });
        var relay = _relay.Relay;
        await relay.AddDomainAsync("shop", "example.com");

        await MailKitSubmission.SendForReplyAsync(relay, "shop", "shop password", Message("ok@dest.test, gone@dest.test"));
        await WrongPasswordAsync(relay);
        (await SdkClient.Boto3(_relay).CallAsync("sesv2", "SendEmail", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "api@dest.test" } },
            Content = new { Simple = new { Subject = new { Data = "metrics" }, Body = new { Text = new { Data = "Hello." } } } },
        })).Json();
        await _relay.DeliveredAsync(3);
        await _relay.Identities.VerifyDomainDkimAsync("shop", "pending.example", CancellationToken.None);
        await _relay.Identities.CheckNowAsync("shop", "pending.example", CancellationToken.None);
        await DigAsync(relay, $"{RelayUnderTest.ProviderSelector}.dkim.{RelayUnderTest.ProviderDomain}");
        await DigAsync(relay, $"nothing-here.dkim.{RelayUnderTest.ProviderDomain}");
        var text = await MetricsAsync(m => Value(m, "relay_suppression_list_additions_total") >= 1);

        var lint = await ExternalTool.RunAsync(promtool, ["check", "metrics"], Encoding.UTF8.GetBytes(text), TimeSpan.FromSeconds(30));
        Assert.That(lint.ExitCode, Is.Zero, $"promtool check metrics: {lint.StandardOutput}{lint.StandardError}");
        Assert.Multiple(() =>
        {
            Assert.That(Value(text, "relay_messages_total", "front_door=\"smtp\"", "outcome=\"Accepted\"", "code=\"250\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_messages_total", "front_door=\"api\"", "outcome=\"Accepted\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_account_messages_total", "account=\"shop\"", "outcome=\"Accepted\""), Is.EqualTo(2));
            Assert.That(Value(text, "relay_api_replies_total", "action=\"SendEmail\"", "class=\"2xx\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_smtp_replies_total", "class=\"2xx\""), Is.GreaterThan(5));
            // MailKit tries each mechanism it shares with the server before it gives up.
            Assert.That(Value(text, "relay_smtp_replies_total", "class=\"5xx\"", "code=\"535\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(text, "relay_smtp_auth_failures_total"), Is.EqualTo(Value(text, "relay_smtp_replies_total", "code=\"535\"")));
            Assert.That(Value(text, "relay_smtp_tls_sessions_total"), Is.EqualTo(2), "both SMTP sessions used STARTTLS");
            Assert.That(Value(text, "relay_signatures_total", "signer=\"domain\""), Is.EqualTo(2));
            // Three messages go out: the two sent and the delivery status notification of the bounce, signed by the provider.
            Assert.That(Value(text, "relay_signatures_total", "signer=\"provider\""), Is.EqualTo(3));
            Assert.That(Value(text, "relay_delivery_attempts_total", "result=\"delivered\""), Is.EqualTo(3));
            Assert.That(Value(text, "relay_delivery_attempts_total", "result=\"failed\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_suppression_list_additions_total"), Is.EqualTo(1));
            Assert.That(Value(text, "relay_accept_duration_seconds_count"), Is.EqualTo(3));
            Assert.That(Value(text, "relay_messages_total", "front_door=\"system\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_sign_duration_seconds_count"), Is.EqualTo(3));
            Assert.That(Value(text, "relay_spool_write_duration_seconds_count"), Is.EqualTo(3));
            Assert.That(Value(text, "relay_delivery_duration_seconds_count"), Is.GreaterThanOrEqualTo(3));
            Assert.That(Value(text, "relay_dns_checks_total", "record=\"dkim\""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(text, "relay_identities", "type=\"Domain\"", "dkim_status=\"SUCCESS\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_identities", "type=\"Domain\""), Is.EqualTo(2), "example.com and pending.example, whatever the dead resolver made of the latter");
            Assert.That(Value(text, "relay_keyzone_queries_total", "type=\"Txt\"", "rcode=\"NoError\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_keyzone_queries_total", "type=\"Txt\"", "rcode=\"NxDomain\""), Is.EqualTo(1));
            Assert.That(Value(text, "relay_build_info"), Is.EqualTo(1));
            Assert.That(Value(text, "process_cpu_seconds_total"), Is.GreaterThan(0));
            Assert.That(Value(text, "relay_queue_messages"), Is.Zero);
            Assert.That(text, Does.Contain("\nrelay_signing_failures_total 0\n"), "a counter nothing happened to yet is served as 0");
        });

        // The dashboard in config/ uses only series that are served (the event series need a webhook: DeliveryEventsThroughRelayTests).
        foreach (var name in DashboardSeries().Where(name => !name.StartsWith("relay_event", StringComparison.Ordinal)))
        {
            Assert.That(text.Split('\n').Any(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal)),
                Is.True, $"config/grafana-dashboard.json uses {name}, which /metrics does not serve");
        }
    }

    private static List<string> DashboardSeries()
    {
        var path = Path.Combine(FirstScreen.ClonedSources.RepositoryRoot(), "config", "grafana-dashboard.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .SelectMany(target => System.Text.RegularExpressions.Regex.Matches(target.GetProperty("expr").GetString()!, @"\b(?:relay|process|dotnet)_[a-z0-9_]+").Select(m => m.Value))
            .Distinct()
            .ToList();
    }

    /// <summary>One TXT query to the relay's own key zone, with dig.</summary>
    private static async Task DigAsync(RelayUnderTest relay, string name)
    {
        var dig = ExternalTool.Require("/usr/bin/dig", "dnsutils");
        var zone = relay.Services.GetServices<IHostedService>().OfType<Relay.KeyZone.KeyZoneService>().Single().EndPoint!;
        var result = await ExternalTool.RunAsync(
            dig, ["@" + zone.Address, "-p", zone.Port.ToString(CultureInfo.InvariantCulture), "+norecurse", "+time=3", "+tries=1", name, "TXT"], null, TimeSpan.FromSeconds(20));
        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
    }

    private static MimeMessage Message(string to) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes($"From: Shop <news@example.com>\r\nTo: {to}\r\nSubject: metrics\r\n\r\nHello.\r\n")));

    private static async Task WrongPasswordAsync(RelayUnderTest relay)
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(relay.SubmissionEndPoint.Address.ToString(), relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("shop", "not the password"));
        await client.DisconnectAsync(quit: true);
    }

    /// <summary>The metrics text once <paramref name="ready"/> holds (delivery and its bookkeeping run after the 250).</summary>
    private async Task<string> MetricsAsync(Func<string, bool> ready)
    {
        using var http = new HttpClient();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var text = await http.GetStringAsync(new Uri(_relay!.Endpoint, "metrics"));
            if (ready(text) || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                return text;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    private static double Value(string text, string name, params string[] labels) =>
        text.Split('\n')
            .Where(line => !line.StartsWith('#') && (line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal)))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
