namespace Relay.Core.Observability;

/// <summary>A source of counters and gauges, written in the Prometheus text exposition format (version 0.0.4).</summary>
public interface IPrometheusMetrics
{
    /// <summary>Writes this source's metrics, each with its HELP and TYPE lines.</summary>
    Task WriteAsync(TextWriter writer, CancellationToken cancellationToken);
}
