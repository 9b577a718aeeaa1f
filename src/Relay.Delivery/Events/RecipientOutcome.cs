using Relay.Delivery.Queue;

namespace Relay.Delivery.Events;

/// <summary>One recipient's result in an event: the reply and the host that gave it (null when Relay made the result).</summary>
public sealed record RecipientOutcome(string Address, RecipientResult Result, string? RemoteHost);
