using Relay.Core.Observability;
using Relay.Delivery.Metrics;
using Relay.Delivery.Spool;

namespace Relay.Queueing;

/// <summary>The delivery counters and the queue's depth and age, for the API endpoint's <c>GET /metrics</c>.</summary>
internal sealed class DeliveryMetrics(DeliveryCounters counters, IMessageSpool spool) : IPrometheusMetrics
{
    public Task WriteAsync(TextWriter writer, CancellationToken cancellationToken) => PrometheusTextWriter.WriteAsync(writer, counters, spool);
}
