using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Several SMTP clients sending numbered messages through a load balancer, as applications would: each takes the next
/// number, keeps trying it until a 250 after DATA (opening a new connection when one broke), and opens a new
/// connection every few messages, so that the balancer spreads them over the nodes that are up. Disposing it cancels
/// clients still running (a test that failed half-way).
/// </summary>
internal sealed class StreamThroughFrontDoor(IPEndPoint frontDoor, string from) : IDisposable
{
    private const int MessagesPerConnection = 5;
    private const int MaxAttempts = 200;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(200);
    private int _taken;
    private int _last = int.MaxValue;
    private readonly CancellationTokenSource _abort = new();

    public SubmissionLedger Ledger { get; } = new();

    /// <summary>How many messages the stream holds: those numbered up to <see cref="Stop"/>.</summary>
    public int Messages => Volatile.Read(ref _last);

    /// <summary>Runs <paramref name="clients"/> clients until <see cref="Stop"/>, and every message taken is acknowledged.</summary>
    public async Task RunAsync(int clients, CancellationToken cancellationToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(running.Token), running.Token)));
    }

    public void Dispose()
    {
        _abort.Cancel();
        _abort.Dispose();
    }

    /// <summary>No client takes a new number from now on; each finishes the one it has.</summary>
    public void Stop() => Interlocked.CompareExchange(ref _last, Volatile.Read(ref _taken), int.MaxValue);

    /// <summary>
    /// Waits until at least <paramref name="count"/> messages got their 250; if the clients (<paramref name="running"/>)
    /// ended before that, their failure is thrown.
    /// </summary>
    public async Task WaitForAcknowledgedAsync(int count, Task running, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(running);
        while (Ledger.AcknowledgedCount < count)
        {
            if (running.IsCompleted)
            {
                await running;
                throw new InvalidOperationException($"the clients stopped after {Ledger.AcknowledgedCount} acknowledged messages, before {count}");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task ClientAsync(CancellationToken cancellationToken)
    {
        SmtpClient? client = null;
        var sentOnConnection = 0;
        try
        {
            for (var number = Interlocked.Increment(ref _taken); number <= Volatile.Read(ref _last); number = Interlocked.Increment(ref _taken))
            {
                for (var attempt = 1; ; attempt++)
                {
                    if (attempt > MaxAttempts)
                    {
                        throw new InvalidOperationException($"message {number}: no 250 in {MaxAttempts} attempts");
                    }

                    if (client is null || sentOnConnection >= MessagesPerConnection)
                    {
                        client?.Dispose();
                        client = await ConnectAsync(cancellationToken);
                        sentOnConnection = 0;
                    }

                    if (client is null)
                    {
                        // Nothing was sent: the balancer could not reach a node at all, so the attempt does not count.
                        attempt--;
                        await Task.Delay(ReconnectDelay, cancellationToken);
                        continue;
                    }

                    try
                    {
                        await client.SendAsync(NumberedMessage.Create(number, from), cancellationToken);
                        Ledger.RecordAcknowledged(number);
                        sentOnConnection++;
                        break;
                    }
                    catch (SmtpCommandException refused)
                    {
                        // A reply that is not 250 (a node going away says 421): certainly not accepted.
                        Ledger.RecordRefused(number, (int)refused.StatusCode);
                        client.Dispose();
                        client = null;
                        await Task.Delay(ReconnectDelay, cancellationToken);
                    }
                    catch (Exception broken) when (broken is IOException or SmtpProtocolException or SocketException or TimeoutException or ServiceNotConnectedException)
                    {
                        // The connection broke before the reply: the message may have been accepted, or not.
                        Ledger.RecordBroken(number);
                        client.Dispose();
                        client = null;
                        await Task.Delay(ReconnectDelay, cancellationToken);
                    }
                }

                await Task.Delay(Pace, cancellationToken);
            }
        }
        finally
        {
            client?.Dispose();
        }
    }

    private async Task<SmtpClient?> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(frontDoor.Address.ToString(), frontDoor.Port, SecureSocketOptions.None, cancellationToken);
            return client;
        }
        catch (Exception failed) when (failed is IOException or SmtpProtocolException or SmtpCommandException or SocketException or TimeoutException)
        {
            client.Dispose();
            return null;
        }
    }
}
