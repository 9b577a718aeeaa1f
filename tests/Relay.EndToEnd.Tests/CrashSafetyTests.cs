using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Storage;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Crash safety of queue mode: several senders submit to the real relay process, which is SIGKILLed mid-stream
/// a few times and restarted on the same data folder. Every message that got 250 must reach the sink;
/// duplicates (allowed by at-least-once) are counted and reported.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Senders = 4;
    private static readonly int[] KillAfterAcknowledged = [25, 60, 100];
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    [Test]
    [CancelAfter(300_000)]
    public async Task Every_acknowledged_message_arrives_after_repeated_sigkill(CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("relay-crash-").FullName;
        await using var sink = SmtpSink.Start();
        try
        {
            await SeedAsync(dataDirectory, cancellationToken);
            var settings = Settings(dataDirectory, sink.Port);
            var acknowledged = new ConcurrentDictionary<int, string>();
            var next = 0;

            foreach (var target in KillAfterAcknowledged)
            {
                using var relay = await RelayProcess.StartAsync(settings);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var senders = Enumerable.Range(0, Senders)
                    .Select(_ => SendUntilStoppedAsync(relay, acknowledged, () => Interlocked.Increment(ref next), stop.Token))
                    .ToList();
                while (acknowledged.Count < target && senders.Any(s => !s.IsCompleted))
                {
                    await Task.Delay(10, cancellationToken);
                }

                relay.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(senders);
                Assert.That(acknowledged.Count, Is.GreaterThanOrEqualTo(target), relay.Output);
            }

            // The last start recovers the spool and delivers what is left.
            using (var final = await RelayProcess.StartAsync(settings))
            {
                var arrived = await WaitForAllAsync(sink, acknowledged.Values, cancellationToken);
                var subjects = sink.Delivered.Select(SubjectOf).ToList();
                var duplicates = subjects.GroupBy(s => s).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count());
                var unacknowledgedArrivals = subjects.Distinct().Except(acknowledged.Values).Count();
                await TestContext.Out.WriteLineAsync(
                    $"acknowledged {acknowledged.Count}, arrived {subjects.Distinct().Count()} distinct in {subjects.Count} deliveries, " +
                    $"duplicates {duplicates.Count} ({string.Join(", ", duplicates.Select(d => $"{d.Key}×{d.Value}"))}), " +
                    $"arrived without 250 {unacknowledgedArrivals}");
                Assert.That(acknowledged.Values.Except(arrived), Is.Empty, "acknowledged with 250 but lost\n" + final.Output);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(string dataDirectory, int sinkPort) => new()
    {
        ["Relay:DataDirectory"] = dataDirectory,
        ["Relay:Smtp:ServerName"] = "relay.test",
        ["Relay:Provider:Domain"] = RelayUnderTest.ProviderDomain,
        ["Relay:Provider:Selector"] = RelayUnderTest.ProviderSelector,
        ["Relay:NextHop:Host"] = "127.0.0.1",
        ["Relay:NextHop:Port"] = sinkPort.ToString(CultureInfo.InvariantCulture),
        ["Relay:NextHop:TlsMode"] = "None",
        ["Relay:Relaying:TrustedNetworks:0"] = "127.0.0.0/8",
        ["Relay:Relaying:TrustedNetworkAccount"] = "shop",
        ["Relay:Delivery:Mode"] = "Queue",
        ["Relay:Delivery:InitialRetryDelay"] = "00:00:00.500",
        ["Relay:Delivery:MaxRetryDelay"] = "00:00:02",
        ["Relay:KeyZone:Listen"] = "127.0.0.1:0",
        ["Relay:Api:Endpoint"] = string.Empty,
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // Crash safety, not the sending quota, is under test: four senders must not be paced at the default 14 a second.
        ["Relay:Quotas:MaxSendRate"] = "100000",
        ["Relay:Quotas:Max24HourSend"] = "-1",
    };

    private static async Task SeedAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var store = await SqliteRelayStore.OpenAsync(Path.Combine(dataDirectory, "relay.db"), cancellationToken);
        await store.SaveAccountAsync(new Account("shop", "shop", "shop", SmtpPasswordHasher.Hash("unused password", 1_000), null), cancellationToken);
        await store.SaveIdentityAsync(
            new Identity("shop", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.NotStarted, false, null),
            cancellationToken);
    }

    /// <summary>Sends numbered messages over one connection, reconnecting after errors, until stopped; records each 250.</summary>
    private static async Task SendUntilStoppedAsync(
        RelayProcess relay, ConcurrentDictionary<int, string> acknowledged, Func<int> nextNumber, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = new SmtpClient { Timeout = 10_000 };
            try
            {
                await client.ConnectAsync(relay.Submission.Address.ToString(), relay.Submission.Port, SecureSocketOptions.None, stop);
                while (!stop.IsCancellationRequested)
                {
                    var number = nextNumber();
                    var subject = $"crash-{number:D6}";
                    using var message = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
                        $"From: news@example.com\r\nTo: someone@dest.test\r\nSubject: {subject}\r\nMessage-ID: <{subject}@example.com>\r\n\r\nnumber {number}\r\n")), CancellationToken.None);
                    await client.SendAsync(message, CancellationToken.None);
                    acknowledged[number] = subject;
                }
            }
            catch (Exception exception) when (exception is IOException or SmtpCommandException or SmtpProtocolException
                or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
            {
                // The relay was killed (or is being killed): whatever had no 250 is not owed to the sink.
            }
        }
    }

    private static async Task<HashSet<string>> WaitForAllAsync(SmtpSink sink, ICollection<string> expected, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(DrainLimit);
        while (true)
        {
            var arrived = sink.Delivered.Select(SubjectOf).ToHashSet(StringComparer.Ordinal);
            if (expected.All(arrived.Contains))
            {
                return arrived;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return arrived;
            }
        }
    }

    private static string SubjectOf(SmtpSinkTransaction transaction)
    {
        using var message = MimeMessage.Load(new MemoryStream(transaction.Data));
        return message.Subject ?? string.Empty;
    }
}
