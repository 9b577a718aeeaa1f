namespace Relay.Dns.RateLimiting;

/// <summary>What becomes of one UDP response under response rate limiting.</summary>
internal enum RateLimitDecision
{
    /// <summary>Within the limit: sent as it is.</summary>
    Send,

    /// <summary>Over the limit: not sent.</summary>
    Drop,

    /// <summary>Over the limit, but sent as an empty truncated answer so that a real resolver retries over TCP.</summary>
    Slip,
}
