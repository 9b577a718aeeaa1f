using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Host.Tests.Support;
using Relay.Testing;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// Sending quotas through <c>relay run</c>: set with <c>relay account quota</c>, answered at the end of DATA with
/// <c>454 4.7.0</c> over the daily quota or the rate (nothing queued), and counted across a restart.
/// </summary>
[NonParallelizable]
public sealed partial class SendingQuotaThroughRelayTests
{
    private const string Password = "a-long-smtp-password";
    private RelayProgram _relay = null!;
    private SmtpSink _sink = null!;

    [SetUp]
    public async Task SetUp()
    {
        _relay = new RelayProgram();
        _sink = SmtpSink.Start();
        Assert.That((await _relay.RunAsync("account", "add", "--name", "shop", "--password", Password)).ExitCode, Is.Zero);
        Assert.That((await _relay.RunAsync("identity", "add", "--account", "shop", "--identity", "example.com", "--verification-status", "SUCCESS",
            "--dkim-status", "SUCCESS", "--selector", "s1", "--generate-key", "1024")).ExitCode, Is.Zero);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _sink.DisposeAsync();
        _relay.Dispose();
    }

    private Task<RunningServer> StartAsync(params string[] settings) => RunningServer.StartAsync(_relay,
    [
        "--Relay:NextHop:Host=127.0.0.1", $"--Relay:NextHop:Port={_sink.Port.ToString(CultureInfo.InvariantCulture)}",
        "--Relay:NextHop:TlsMode=None", .. settings,
    ]);

    [Test]
    public async Task The_CLI_sets_an_accounts_quota_and_list_shows_it()
    {
        var set = await _relay.RunAsync("account", "quota", "--name", "shop", "--max-24-hour-send", "2", "--max-send-rate", "0.5");
        var listed = await _relay.RunAsync("account", "list");
        var reset = await _relay.RunAsync("account", "quota", "--name", "shop", "--max-24-hour-send", "default", "--max-send-rate", "default");
        var refused = await _relay.RunAsync("account", "quota", "--name", "shop", "--max-send-rate", "0");

        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        Assert.That(set.StandardOutput, Does.Contain("max-24-hour-send=2\tmax-send-rate=0.5\tsent-last-24-hours=0"));
        Assert.That(listed.StandardOutput, Does.Contain("max-24-hour-send=2\tmax-send-rate=0.5"));
        Assert.That(reset.StandardOutput, Does.Contain("max-24-hour-send=50000\tmax-send-rate=14").And.Contain("the defaults"));
        Assert.That(refused.ExitCode, Is.EqualTo(64));
        Assert.That(refused.StandardError, Does.Contain("MaxSendRate must be more than 0"));
    }

    [Test]
    public async Task An_accounts_quota_in_settings_is_stored_at_start_and_a_value_it_leaves_out_keeps_the_CLIs()
    {
        Assert.That((await _relay.RunAsync("account", "quota", "--name", "shop", "--max-24-hour-send", "7")).ExitCode, Is.Zero);

        using (await StartAsync("--Relay:Accounts:0:Name=shop", "--Relay:Accounts:0:SmtpUserName=shop", $"--Relay:Accounts:0:SmtpPassword={Password}",
                   "--Relay:Accounts:0:MaxSendRate=3"))
        {
            var listed = await _relay.RunAsync("account", "list");

            Assert.That(listed.StandardOutput, Does.Contain("max-24-hour-send=7\tmax-send-rate=3\t"), listed.StandardError);
        }
    }

    [Test]
    public async Task Over_the_daily_quota_the_end_of_DATA_gets_454_nothing_is_queued_and_a_restart_keeps_the_count()
    {
        Assert.That((await _relay.RunAsync("account", "quota", "--name", "shop", "--max-24-hour-send", "2")).ExitCode, Is.Zero);
        string thirdReply;
        using (var server = await StartAsync())
        {
            var port = SubmissionPort(server.Output);
            await SendAsync(port, "a@dest.test");
            await SendAsync(port, "b@dest.test");
            thirdReply = await RefusedAsync(port, "c@dest.test");

            // Written within a flush interval (1 s), so that a crash right after loses nothing of it.
            await WaitForSentAsync(2);
        }

        using var restarted = await StartAsync();
        var afterRestart = await RefusedAsync(SubmissionPort(restarted.Output), "d@dest.test");

        Assert.That(thirdReply, Is.EqualTo("454 4.7.0 Throttling failure: Daily message quota exceeded."));
        Assert.That(afterRestart, Is.EqualTo(thirdReply), "the counts survived the (killed) server");
        await WaitForDeliveriesAsync(2);
        Assert.That(_sink.Delivered.SelectMany(transaction => transaction.Recipients), Is.EquivalentTo(new[] { "a@dest.test", "b@dest.test" }));
    }

    [Test]
    public async Task Over_the_rate_the_next_message_gets_454_maximum_sending_rate_exceeded_and_recipients_count()
    {
        Assert.That((await _relay.RunAsync("account", "quota", "--name", "shop", "--max-send-rate", "1")).ExitCode, Is.Zero);
        using var server = await StartAsync();
        var port = SubmissionPort(server.Output);

        await SendAsync(port, "a@dest.test", "b@dest.test", "c@dest.test");
        var reply = await RefusedAsync(port, "d@dest.test");

        Assert.That(reply, Is.EqualTo("454 4.7.0 Throttling failure: Maximum sending rate exceeded."));
        Assert.That(await WaitForSentAsync(3), Is.EqualTo(3), "three recipients count three");
    }

    [Test]
    public async Task A_graceful_stop_writes_the_counts_that_were_not_flushed_yet()
    {
        using (var server = await StartAsync("--Relay:Quotas:FlushInterval=01:00:00"))
        {
            var port = SubmissionPort(server.Output);
            await SendAsync(port, "a@dest.test", "b@dest.test");
            Assert.That(SentLast24Hours((await _relay.RunAsync("account", "list")).StandardOutput), Is.Zero, "not flushed within the hour");
            await TerminateAsync(server);
        }

        Assert.That(SentLast24Hours((await _relay.RunAsync("account", "list")).StandardOutput), Is.EqualTo(2));
    }

    private static async Task SendAsync(int port, params string[] recipients)
    {
        using var smtp = await ConnectAsync(port);
        await smtp.SendAsync(Message(recipients));
        await smtp.DisconnectAsync(quit: true);
    }

    /// <summary>The reply to the end of DATA, which must be a refusal.</summary>
    private static async Task<string> RefusedAsync(int port, params string[] recipients)
    {
        using var smtp = await ConnectAsync(port);
        var refused = Assert.ThrowsAsync<SmtpCommandException>(async () => await smtp.SendAsync(Message(recipients)))!;
        Assert.That(refused.ErrorCode, Is.EqualTo(SmtpErrorCode.MessageNotAccepted), "refused at the end of DATA, not at RCPT");
        await smtp.DisconnectAsync(quit: true);
        return $"{(int)refused.StatusCode} {refused.Message}";
    }

    private static async Task<SmtpClient> ConnectAsync(int port)
    {
        var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await smtp.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        await smtp.AuthenticateAsync("shop", Password);
        return smtp;
    }

    private static MimeMessage Message(string[] recipients)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("news@example.com"));
        message.To.AddRange(recipients.Select(MailboxAddress.Parse));
        message.Subject = "quota";
        message.Body = new TextPart("plain") { Text = "counted\r\n" };
        return message;
    }

    private async Task<long> WaitForSentAsync(long expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        long sent;
        while ((sent = SentLast24Hours((await _relay.RunAsync("account", "list")).StandardOutput)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        return sent;
    }

    private async Task WaitForDeliveriesAsync(int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_sink.Delivered.Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static async Task TerminateAsync(RunningServer server)
    {
        using var kill = Process.Start("kill", ["-TERM", server.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!server.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.That(server.HasExited, Is.True, server.Output);
    }

    private static long SentLast24Hours(string accountList)
    {
        var match = SentField().Match(accountList);
        Assert.That(match.Success, Is.True, accountList);
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static int SubmissionPort(string output)
    {
        var match = SubmissionListener().Match(output);
        Assert.That(match.Success, Is.True, output);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"sent-last-24-hours=(\d+)")]
    private static partial Regex SentField();

    [GeneratedRegex(@"SMTP listening on 127\.0\.0\.1:(\d+) \(implicit TLS: False\)")]
    private static partial Regex SubmissionListener();
}
