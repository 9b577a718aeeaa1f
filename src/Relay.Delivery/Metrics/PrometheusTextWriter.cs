using System.Globalization;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Metrics;

/// <summary>
/// Writes the delivery counters and the queue gauges in the Prometheus text exposition format (version 0.0.4):
/// HELP and TYPE lines, then "name value", LF line ends.
/// </summary>
public static class PrometheusTextWriter
{
    /// <summary>The Content-Type to serve this text with.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes every metric of <paramref name="counters"/> and <paramref name="spool"/>.</summary>
    public static async Task WriteAsync(TextWriter output, DeliveryCounters counters, IMessageSpool spool)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(spool);
        await MetricAsync(output, "relay_messages_accepted_total", "counter", "Messages written to the spool.", counters.Accepted);
        await MetricAsync(output, "relay_recipients_delivered_total", "counter", "Recipients a next hop accepted.", counters.Delivered);
        await MetricAsync(output, "relay_recipients_deferred_total", "counter", "Recipient attempts that ended in a temporary failure.", counters.Deferred);
        await MetricAsync(output, "relay_recipients_bounced_total", "counter", "Recipients that failed permanently or expired.", counters.Bounced);
        await MetricAsync(output, "relay_queue_messages", "gauge", "Messages in the spool.", spool.Count);
        await MetricAsync(output, "relay_queue_oldest_age_seconds", "gauge", "Age of the oldest message in the spool.", spool.OldestAge.TotalSeconds);
    }

    private static async Task MetricAsync(TextWriter output, string name, string type, string help, double value)
    {
        await output.WriteAsync($"# HELP {name} {help}\n# TYPE {name} {type}\n");
        await output.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{name} {value}\n"));
    }
}
