using Relay.Core.Identities;

namespace Relay.Identities;

/// <summary>A row of an identity's stored history in words, the same in the console's timeline and <c>relay identity history</c>.</summary>
internal static class IdentityHistoryText
{
    /// <summary>One stored change in words: what changed, from → to.</summary>
    public static string Describe(IdentityHistoryEntry row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var text = row.Change switch
        {
            IdentityHistoryChange.Created => $"Identity added ({row.To})",
            IdentityHistoryChange.VerificationStatus => $"Verification {FromTo(row)}",
            IdentityHistoryChange.DkimStatus => $"DKIM {FromTo(row)}",
            IdentityHistoryChange.Ed25519Status => row.From is null ? $"Ed25519 key added, its record {row.To}"
                : row.To is null ? "Ed25519 key removed" : $"Ed25519 record {FromTo(row)}",
            IdentityHistoryChange.SigningEnabled => $"Signing {row.To}",
            IdentityHistoryChange.DkimOrigin => $"Keys made by {FromTo(row)}",
            IdentityHistoryChange.SigningKey => row.From is null ? $"DKIM keys made, signing key {row.To}" : $"Signing key {FromTo(row)}",
            IdentityHistoryChange.KeyChange => row.To is not null ? $"New keys made ({row.To}); the current keys sign until their records are found"
                : "New keys' wait ended",
            IdentityHistoryChange.KeyStaged => row.To is not null ? $"New key staged behind {row.To}" : $"The key staged behind {row.From} is no longer staged",
            IdentityHistoryChange.KeyLength => $"Key length of new keys {FromTo(row)}",
            _ => $"{row.Change} {FromTo(row)}",
        };
        return row.Finding is null && row.Detail is { } detail ? $"{text} ({detail})" : text;
    }

    private static string FromTo(IdentityHistoryEntry row) => $"{row.From ?? "none"} → {row.To ?? "none"}";
}
