namespace Relay.Dns.Tsig;

/// <summary>
/// A shared TSIG key (RFC 8945) for zone transfers and NOTIFY with the configured secondaries. Only hmac-sha256 is
/// spoken: it is what BIND's <c>tsig-keygen</c> makes by default and what RFC 8945 6 requires every implementation to have.
/// </summary>
public sealed class TsigKey
{
    /// <summary>The algorithm name as it appears on the wire and in BIND's configuration.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>The shortest secret accepted: RFC 8945 6 asks for at least the digest length, 32 octets for SHA-256.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>Creates a key; <paramref name="name"/> is a domain name, matched without regard to case.</summary>
    /// <exception cref="ArgumentException">The name is not a domain name or the secret is shorter than <see cref="MinimumSecretLength"/>.</exception>
    public TsigKey(string name, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(secret);
        var normalised = DnsNames.Normalise(name);
        if (normalised.Length == 0 || !normalised.Split('.').All(DnsNames.IsHostnameLabel))
        {
            throw new ArgumentException($"The TSIG key name must be a domain name (was '{name}').", nameof(name));
        }

        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"The TSIG secret must be at least {MinimumSecretLength} octets (was {secret.Length}).", nameof(secret));
        }

        Name = normalised;
        Secret = secret.ToArray();
    }

    /// <summary>The key name in lower case without a trailing dot, e.g. <c>relay-xfr</c>.</summary>
    public string Name { get; }

    /// <summary>The shared secret. Never logged.</summary>
    internal byte[] Secret { get; }
}
