using System.Diagnostics;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>Waits until both nodes' spools are empty and every acknowledged message has reached the sink.</summary>
internal static class ClusterDrain
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>Returns when drained, or after the limit: the assertions that follow name what is missing.</summary>
    public static async Task WaitAsync(TwoNodeCluster cluster, IReadOnlyCollection<int> acknowledged, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Limit)
        {
            var delivered = ArrivedCopy.AllAt(cluster.Sink).Select(copy => copy.Number).ToHashSet();
            if (cluster.Nodes.All(node => node.QueuedMessages == 0) && acknowledged.All(delivered.Contains))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
