using System.Collections.Concurrent;
using Relay.Delivery.Bounces;

namespace Relay.Delivery.Tests.Queue;

/// <summary>Keeps every notification the scheduler hands over.</summary>
internal sealed class CapturingBounceSubmitter : IBounceSubmitter
{
    private readonly ConcurrentQueue<BounceMessage> _submitted = new();

    public IReadOnlyList<BounceMessage> Submitted => [.. _submitted];

    public Task SubmitAsync(BounceMessage bounce, CancellationToken cancellationToken)
    {
        _submitted.Enqueue(bounce);
        return Task.CompletedTask;
    }
}
