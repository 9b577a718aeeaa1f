using System.Diagnostics.Metrics;

namespace Relay.Delivery.Metrics;

/// <summary>
/// What delivery measures (meter <c>Relay.Delivery</c>): each recipient attempt by result, how long handing a message
/// to one destination takes recipients skipped for the suppression list and addresses added to it.
/// </summary>
public sealed class DeliveryInstruments
{
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _suppressed;
    private readonly Counter<long> _listed;

    public DeliveryInstruments(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create("Relay.Delivery");
        _attempts = meter.CreateCounter<long>("relay_delivery_attempts", description: "Recipient delivery attempts, by result (delivered, deferred, failed).");
        _duration = meter.CreateHistogram<double>("relay_delivery_duration_seconds", description: "Handing one message to one destination (connection, transaction).");
        _suppressed = meter.CreateCounter<long>("relay_suppressed_recipients", description: "Recipients not attempted because they are on the account's suppression list.");
        _listed = meter.CreateCounter<long>("relay_suppression_list_additions", description: "Addresses put on a suppression list by a hard bounce.");
    }

    public void Attempted(ForwardOutcome outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("result", outcome switch
    {
        ForwardOutcome.Delivered => "delivered",
        ForwardOutcome.PermanentFailure => "failed",
        _ => "deferred",
    }));

    public void Delivered(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds);

    public void Suppressed(int count) => _suppressed.Add(count);

    public void Listed() => _listed.Add(1);
}
