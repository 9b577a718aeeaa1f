using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Host.Tests.Support;
using Relay.Testing;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// The incident of issue 13, replayed: a loaded server while an operator starts second servers and runs every CLI
/// verb against its folder, one client holding a 1 MB message open in DATA meanwhile. Every message that got 250 must
/// reach the next hop exactly once.
/// </summary>
[NonParallelizable]
public sealed partial class LiveFolderUnderLoadTests
{
    private const int Clients = 8;
    private const int MessagesPerClient = 400;
    private const int RunsPerVerb = 20;
    private const string Password = "a-long-smtp-password";
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromMinutes(3);

    private static readonly string[][] Verbs =
    [
        ["--help"], ["run"], ["account", "list"], ["identity", "list", "--account", "shop"],
        ["identity", "status", "--account", "shop", "--identity", "example.com"], ["keyzone", "export"], ["queue", "list"],
        ["access-key", "list"],
    ];

    [Test]
    public async Task Every_acknowledged_message_is_delivered_exactly_once_while_the_operator_works_beside_the_server()
    {
        await using var sink = SmtpSink.Start();
        using var relay = new RelayProgram();
        Assert.That((await relay.RunAsync("account", "add", "--name", "shop", "--password", Password)).ExitCode, Is.Zero);
        Assert.That((await relay.RunAsync("identity", "add", "--account", "shop", "--identity", "example.com", "--verification-status", "SUCCESS",
            "--dkim-status", "SUCCESS", "--selector", "s1", "--generate-key", "1024")).ExitCode, Is.Zero);
        using var server = await RunningServer.StartAsync(relay, "--Relay:NextHop:Host=127.0.0.1",
            $"--Relay:NextHop:Port={sink.Port.ToString(CultureInfo.InvariantCulture)}", "--Relay:NextHop:TlsMode=None",
            "--Relay:Quotas:Max24HourSend=-1", "--Relay:Quotas:MaxSendRate=100000"); // a load test, not a quota test
        var port = int.Parse(SubmissionPort().Match(server.Output).Groups[1].Value, CultureInfo.InvariantCulture);

        var acknowledged = new ConcurrentBag<string>();
        using var largeMessage = new SlowDataClient(port);
        await largeMessage.OpenAsync();
        var senders = Enumerable.Range(0, Clients).Select(client => SendManyAsync(port, client, acknowledged)).ToList();
        var verbRuns = await RunEveryVerbAsync(relay);
        acknowledged.Add(await largeMessage.FinishAsync());
        await Task.WhenAll(senders);

        Assert.That(verbRuns.Where(run => run.Verb != "run").Select(run => run.Result.ExitCode), Is.All.Zero,
            string.Join('\n', verbRuns.Where(run => run.Verb != "run" && run.Result.ExitCode != 0).Select(run => $"{run.Verb}: {run.Result.StandardError}")));
        Assert.That(verbRuns.Where(run => run.Verb == "run").Select(run => run.Result.ExitCode), Is.All.EqualTo(2), "a second server must refuse the folder");
        Assert.That(acknowledged, Has.Count.EqualTo(Clients * MessagesPerClient + 1));
        var delivered = await WaitForDeliveriesAsync(sink, acknowledged.Count);
        Assert.That(delivered.GroupBy(id => id).Where(group => group.Count() > 1).Select(group => group.Key), Is.Empty, "delivered twice");
        Assert.That(delivered, Is.EquivalentTo(acknowledged), "acknowledged but not delivered, or delivered but never acknowledged");
        Assert.That(server.HasExited, Is.False);
    }

    private static async Task SendManyAsync(int port, int client, ConcurrentBag<string> acknowledged)
    {
        using var smtp = new SmtpClient();
        smtp.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await smtp.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        await smtp.AuthenticateAsync("shop", Password);
        for (var index = 0; index < MessagesPerClient; index++)
        {
            var id = $"load-{client.ToString(CultureInfo.InvariantCulture)}-{index.ToString(CultureInfo.InvariantCulture)}@example.com";
            using var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("news@example.com"));
            message.To.Add(MailboxAddress.Parse("someone@dest.test"));
            message.Subject = "load";
            message.MessageId = id;
            message.Body = new TextPart("plain") { Text = "under load\r\n" };
            await smtp.SendAsync(message);
            acknowledged.Add(id);
        }

        await smtp.DisconnectAsync(quit: true);
    }

    /// <summary>Every verb <see cref="RunsPerVerb"/> times, four at a time, against the live folder.</summary>
    private static async Task<List<(string Verb, ToolResult Result)>> RunEveryVerbAsync(RelayProgram relay)
    {
        var runs = new ConcurrentBag<(string Verb, ToolResult Result)>();
        using var slots = new SemaphoreSlim(4);
        var work = Verbs.SelectMany(verb => Enumerable.Repeat(verb, RunsPerVerb)).Select(async verb =>
        {
            await slots.WaitAsync();
            try
            {
                string[] arguments = [.. verb, "--Relay:KeyZone:NameServers:0=ns1.example.net", "--Relay:KeyZone:NameServerAddresses:0=192.0.2.53"];
                var result = verb[0] == "run"
                    ? await relay.RunRawAsync([.. arguments, .. relay.CommonArguments, "--Relay:Api:Endpoint=127.0.0.1:0"])
                    : await relay.RunAsync(arguments);
                runs.Add((verb[0] == "run" ? "run" : string.Join(' ', verb), result));
            }
            finally
            {
                slots.Release();
            }
        });
        await Task.WhenAll(work);
        return [.. runs];
    }

    private static async Task<List<string>> WaitForDeliveriesAsync(SmtpSink sink, int expected)
    {
        var deadline = DateTime.UtcNow + DeliveryLimit;
        while (sink.Delivered.Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return sink.Delivered.Select(transaction => MessageIdOf(transaction.Data)).ToList();
    }

    private static string MessageIdOf(byte[] data)
    {
        using var message = MimeMessage.Load(new MemoryStream(data));
        return message.MessageId ?? string.Empty;
    }

    [GeneratedRegex(@"SMTP listening on 127\.0\.0\.1:(\d+) \(implicit TLS: False\)")]
    private static partial Regex SubmissionPort();

    /// <summary>A client in the middle of a 1 MB DATA (so its buffer lives in tmp/), finished only when told.</summary>
    private sealed class SlowDataClient(int port) : IDisposable
    {
        private const string Id = "large-in-flight@example.com";
        private readonly SmtpClient _smtp = new() { ServerCertificateValidationCallback = (_, _, _, _) => true };
        private readonly SemaphoreSlim _finish = new(0);
        private Task? _sending;

        public async Task OpenAsync()
        {
            await _smtp.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
            await _smtp.AuthenticateAsync("shop", Password);
            var body = new StringBuilder();
            while (body.Length < 1_048_576)
            {
                body.Append("A line of a large message that is still being sent while the operator works.\r\n");
            }

            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("news@example.com"));
            message.To.Add(MailboxAddress.Parse("someone@dest.test"));
            message.Subject = "large";
            message.MessageId = Id;
            message.Body = new TextPart("plain") { Text = body.ToString() };
            var started = new TaskCompletionSource();
            var progress = new HoldingProgress(started, _finish);
            _sending = Task.Run(async () =>
            {
                using (message)
                {
                    await _smtp.SendAsync(message, CancellationToken.None, progress);
                }
            });
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async Task<string> FinishAsync()
        {
            _finish.Release();
            await _sending!.WaitAsync(TimeSpan.FromSeconds(60));
            await _smtp.DisconnectAsync(quit: true);
            return Id;
        }

        public void Dispose()
        {
            _smtp.Dispose();
            _finish.Dispose();
        }
    }

    /// <summary>Blocks MailKit's upload after the first half MB until released, so the message sits half-sent in DATA.</summary>
    private sealed class HoldingProgress(TaskCompletionSource started, SemaphoreSlim finish) : MailKit.ITransferProgress
    {
        private bool _held;

        public void Report(long bytesTransferred, long totalSize) => Report(bytesTransferred);

        public void Report(long bytesTransferred)
        {
            if (!_held && bytesTransferred >= 512 * 1024)
            {
                _held = true;
                started.TrySetResult();
                finish.Wait();
            }
        }
    }
}
