namespace Relay.Configuration;

/// <summary>How Relay looks up the records customers publish (<c>Relay:DnsChecks</c>).</summary>
public sealed class DnsCheckSettings
{
    /// <summary>The resolver as address:port. Empty (the default): the system's resolvers from <c>/etc/resolv.conf</c>.</summary>
    public string Resolver { get; set; } = string.Empty;

    /// <summary>How long one query may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a query that timed out.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>How many identities one sweep of the scheduler checks at most.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The longest the scheduler sleeps between sweeps, so that checks written by another process (the CLI) are noticed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a sweep holds the identities it claimed: no other node's verifier checks them meanwhile, and those of a
    /// node that died are checked by another once it has passed. A sweep starts no check after its claim ran out.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
}
