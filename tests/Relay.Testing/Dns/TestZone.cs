namespace Relay.Testing.Dns;

/// <summary>
/// A zone for <see cref="BindServer"/>: its apex and its records as master-file lines relative to the apex
/// (<c>www A 192.0.2.1</c>, <c>sel._domainkey TXT "v=DKIM1; p=…"</c>, <c>@ TXT "x"</c>). The harness adds
/// <c>$ORIGIN</c>, <c>$TTL 1</c>, the SOA (serial, negative TTL 1) and an NS record.
/// </summary>
/// <param name="Name">The apex, e.g. <c>example.com</c> (no trailing dot needed).</param>
/// <param name="Records">Master-file lines; may be empty.</param>
public sealed record TestZone(string Name, string Records)
{
    /// <summary>The apex in lower case without a trailing dot.</summary>
    public string Apex => Name.TrimEnd('.').ToLowerInvariant();
}
