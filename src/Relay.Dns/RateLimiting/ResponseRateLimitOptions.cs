namespace Relay.Dns.RateLimiting;

/// <summary>
/// Response rate limiting for UDP (as BIND's <c>rate-limit</c>): each client network may get only so many identical
/// responses a second; the rest are dropped, and every <see cref="Slip"/>-th of those is sent as an empty truncated
/// answer so that a real resolver retries over TCP. This takes the amplification out of spoofed-source floods.
/// </summary>
public sealed class ResponseRateLimitOptions
{
    /// <summary>The most a setting may ask for; far above what one resolver asks of an authoritative server.</summary>
    public const int MaximumResponsesPerSecond = 10_000;

    /// <summary>
    /// Identical responses (same name and type; all NXDOMAIN of the zone; all errors) per client network per second,
    /// with a burst of the same size. Default 5, BIND's <c>responses-per-second</c>. 0 turns rate limiting off.
    /// </summary>
    public int ResponsesPerSecond { get; set; } = 5;

    /// <summary>
    /// Every n-th response that the limit drops is sent truncated (TC, no records) instead. Default 2, as BIND;
    /// 1 slips them all, 0 drops them all.
    /// </summary>
    public int Slip { get; set; } = 2;

    /// <summary>The IPv4 prefix that counts as one client. Default 24.</summary>
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>The IPv6 prefix that counts as one client. Default 56.</summary>
    public int IPv6PrefixLength { get; set; } = 56;

    /// <summary>
    /// How many (client, response) pairs are tracked at once; the memory bound under a flood of distinct queries.
    /// When full, responses of pairs not yet tracked are slipped. Default 100,000.
    /// </summary>
    public int MaxTrackedResponses { get; set; } = 100_000;

    /// <summary>True unless <see cref="ResponsesPerSecond"/> is 0.</summary>
    public bool IsEnabled => ResponsesPerSecond > 0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        Require(nameof(ResponsesPerSecond), ResponsesPerSecond, 0, MaximumResponsesPerSecond);
        Require(nameof(Slip), Slip, 0, 10);
        Require(nameof(IPv4PrefixLength), IPv4PrefixLength, 8, 32);
        Require(nameof(IPv6PrefixLength), IPv6PrefixLength, 16, 128);
        Require(nameof(MaxTrackedResponses), MaxTrackedResponses, 1, 10_000_000);
    }

    private static void Require(string name, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            throw new ArgumentException(
                $"DkimZoneOptions.ResponseRateLimit.{name} must be from {minimum} to {maximum} (was {value}).", $"ResponseRateLimit.{name}");
        }
    }
}
