namespace Relay.Delivery.Bounces;

/// <summary>A recipient to report as failed: its address, the last reply, and the host that gave it.</summary>
/// <param name="Address">The forward-path as received.</param>
/// <param name="Status">The RFC 3463 status, e.g. 5.1.1 (or 4.4.7 on expiry).</param>
/// <param name="Diagnostic">The full reply line, e.g. "550 5.1.1 User unknown"; null when no server replied.</param>
/// <param name="RemoteMta">The host that replied, or null.</param>
/// <param name="LastAttemptAt">When the last attempt for this recipient ended.</param>
public sealed record FailedRecipient(string Address, string Status, string? Diagnostic, string? RemoteMta, DateTimeOffset LastAttemptAt);
