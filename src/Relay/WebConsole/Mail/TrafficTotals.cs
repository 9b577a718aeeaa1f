namespace Relay.WebConsole.Mail;

/// <summary>The delivery counters of <c>/metrics</c> at one moment, or their growth over a span.</summary>
internal readonly record struct TrafficTotals(long Accepted, long Delivered, long Deferred, long Bounced)
{
    public static TrafficTotals operator -(TrafficTotals later, TrafficTotals earlier) => new(
        later.Accepted - earlier.Accepted, later.Delivered - earlier.Delivered, later.Deferred - earlier.Deferred, later.Bounced - earlier.Bounced);

    public long Largest => Math.Max(Math.Max(Accepted, Delivered), Math.Max(Deferred, Bounced));
}
