using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Sends numbered messages straight to one node, one at a time, and waits for each at the sink: what that node did
/// with a message submitted at a known moment. A rejection (the sender not verified yet) is an answer too.
/// </summary>
internal sealed class SingleNodeProbe(ClusterNode node, SmtpSink sink, string from)
{
    private static readonly TimeSpan ArrivalLimit = TimeSpan.FromSeconds(30);
    private int _next;

    /// <summary>Submits the next message; its copy at the sink, or null when the node refused it.</summary>
    public async Task<ArrivedCopy?> SendAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _next);
        using (var client = new SmtpClient { Timeout = 10_000 })
        {
            await client.ConnectAsync(node.Submission.Address.ToString(), node.Submission.Port, SecureSocketOptions.None, cancellationToken);
            try
            {
                await client.SendAsync(NumberedMessage.Create(number, from), cancellationToken);
            }
            catch (SmtpCommandException)
            {
                return null;
            }

            await client.DisconnectAsync(quit: true, cancellationToken);
        }

        var waited = Stopwatch.StartNew();
        while (true)
        {
            var copy = ArrivedCopy.AllAt(sink).FirstOrDefault(arrived => arrived.Number == number);
            if (copy is not null)
            {
                return copy;
            }

            if (waited.Elapsed > ArrivalLimit)
            {
                Assert.Fail($"message {number}, accepted by node {node.Name}, did not reach the sink within {ArrivalLimit}\n{node.Output}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
