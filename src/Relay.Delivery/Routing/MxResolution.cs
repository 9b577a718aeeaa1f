using Relay.Delivery.Queue;

namespace Relay.Delivery.Routing;

/// <summary>The mail exchangers of a domain in the order to try them, or the result every recipient gets instead.</summary>
public sealed record MxResolution(IReadOnlyList<MxHost> Hosts, RecipientResult? Failure)
{
    /// <summary>Hosts to try, most preferred first.</summary>
    public static MxResolution Found(IReadOnlyList<MxHost> hosts) => new(hosts, null);

    /// <summary>No host can be tried.</summary>
    public static MxResolution Failed(RecipientResult failure) => new([], failure);
}
