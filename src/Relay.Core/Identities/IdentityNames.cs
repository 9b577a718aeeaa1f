namespace Relay.Core.Identities;

/// <summary>The identity names that may cover an address, most specific first.</summary>
public static class IdentityNames
{
    /// <summary>Normalises an identity name the way the store keeps it.</summary>
    public static string Normalize(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>
    /// The stored form of a new identity's name: a lower-case address or domain whose domain is valid by IDNA2008
    /// (bidi rule included), in A-label form. Throws <see cref="Lifecycle.IdentityOperationException"/>
    /// (InvalidParameter) saying what is wrong.
    /// </summary>
    public static string ToStoredForm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Contains('@', StringComparison.Ordinal) ? Lifecycle.IdentityNameRules.Address(name) : Lifecycle.IdentityNameRules.Domain(name);
    }

    /// <summary>Splits <c>local@domain</c> at its last '@'; returns false for anything without a domain.</summary>
    public static bool TrySplitAddress(string address, out string localPart, out string domain)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            localPart = string.Empty;
            domain = string.Empty;
            return false;
        }

        localPart = address[..at];
        domain = Normalize(address[(at + 1)..]);
        return domain.Length > 0;
    }

    /// <summary>
    /// For <c>user@a.b.example.com</c>: the address, then <c>a.b.example.com</c>, <c>b.example.com</c>,
    /// <c>example.com</c> and <c>com</c>.
    /// </summary>
    public static IReadOnlyList<string> CandidatesFor(string address)
    {
        if (!TrySplitAddress(address, out var localPart, out var domain))
        {
            return [];
        }

        var names = new List<string> { $"{localPart.ToLowerInvariant()}@{domain}" };
        var suffix = domain;
        while (true)
        {
            names.Add(suffix);
            var dot = suffix.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                return names;
            }

            suffix = suffix[(dot + 1)..];
        }
    }
}
