namespace Relay.Core.Quotas;

/// <summary>Recipients counted for an account in one minute (minutes since the Unix epoch, UTC).</summary>
public readonly record struct SendCount(string AccountId, long Minute, long Recipients);
