using System.Globalization;

namespace Relay.Core.Identities;

/// <summary>
/// The rows of history one save of an identity adds: what differs between the stored identity and the one saved. The
/// stores call it inside the save's transaction, so a save that fails (a compare-and-swap that lost) adds nothing, and
/// every way an identity changes (the verifier, the CLI, the API, the console) is recorded the same way.
/// </summary>
public static class IdentityHistoryChanges
{
    /// <summary>The changes from <paramref name="before"/> (null: the identity is new) to <paramref name="after"/>, in the order they are listed.</summary>
    public static IReadOnlyList<IdentityHistoryEntry> Between(Identity? before, Identity after, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(after);
        var rows = new List<IdentityHistoryEntry>();
        void Add(IdentityHistoryChange change, string? from, string? to, DnsCheckState? check = null, string? detail = null)
        {
            var finding = check?.Records.FirstOrDefault(record => record.Outcome != "Found");
            rows.Add(new IdentityHistoryEntry(
                after.AccountId, IdentityNames.Normalize(after.Name), when, change, from, to,
                finding?.Outcome, finding?.Name, finding is null ? detail : Shorten(finding.Explanation)));
        }

        var old = before ?? new Identity(after.AccountId, after.Name, after.Type, VerificationStatus.NotStarted, VerificationStatus.NotStarted, after.SigningEnabled, null)
        {
            DkimOrigin = after.DkimOrigin,
            NextSigningKeyLength = after.NextSigningKeyLength,
        };
        if (before is null)
        {
            Add(IdentityHistoryChange.Created, null, after.Type == IdentityType.Domain ? "domain" : "email address");
        }

        if (old.VerificationStatus != after.VerificationStatus)
        {
            Add(IdentityHistoryChange.VerificationStatus, SesNames.Status(old.VerificationStatus), SesNames.Status(after.VerificationStatus), after.VerificationCheck);
        }

        if (old.DkimOrigin != after.DkimOrigin)
        {
            Add(IdentityHistoryChange.DkimOrigin, SesNames.Origin(old.DkimOrigin), SesNames.Origin(after.DkimOrigin));
        }

        if (old.SigningKey != after.SigningKey)
        {
            Add(IdentityHistoryChange.SigningKey, Describe(old.SigningKey), Describe(after.SigningKey));
        }

        if (old.DkimStatus != after.DkimStatus)
        {
            Add(IdentityHistoryChange.DkimStatus, SesNames.Status(old.DkimStatus), SesNames.Status(after.DkimStatus), after.DkimCheck);
        }

        if (!(old.PendingDkim?.Keys ?? []).SequenceEqual(after.PendingDkim?.Keys ?? []))
        {
            Add(IdentityHistoryChange.KeyChange, Describe(old.PendingDkim), Describe(after.PendingDkim),
                detail: after.PendingDkim is null && old.PendingDkim is not null && after.DkimKeys.SequenceEqual(old.DkimKeys) ? "dropped: its records did not appear" : null);
        }

        if (old.StagedDkim?.Token != after.StagedDkim?.Token || old.StagedDkim?.Staged != after.StagedDkim?.Staged)
        {
            Add(IdentityHistoryChange.KeyStaged, old.StagedDkim?.Token, after.StagedDkim?.Token,
                detail: after.StagedDkim is { } stage ? $"signs from {stage.SwitchAfter.ToString("u", CultureInfo.InvariantCulture)} once served" : null);
        }

        if (old.NextSigningKeyLength != after.NextSigningKeyLength)
        {
            Add(IdentityHistoryChange.KeyLength, SesNames.KeyLength(old.NextSigningKeyLength), SesNames.KeyLength(after.NextSigningKeyLength));
        }

        if (old.Ed25519?.Status != after.Ed25519?.Status || old.Ed25519?.Key.Selector != after.Ed25519?.Key.Selector)
        {
            Add(IdentityHistoryChange.Ed25519Status,
                old.Ed25519 is null ? null : SesNames.Status(old.Ed25519.Status),
                after.Ed25519 is null ? null : SesNames.Status(after.Ed25519.Status),
                after.Ed25519?.Check,
                after.Ed25519 is { } ed25519 && ed25519.Key.Selector != old.Ed25519?.Key.Selector ? $"selector {ed25519.Key.Selector}" : null);
        }

        if (before is not null && old.SigningEnabled != after.SigningEnabled)
        {
            Add(IdentityHistoryChange.SigningEnabled, old.SigningEnabled ? "enabled" : "disabled", after.SigningEnabled ? "enabled" : "disabled");
        }

        return rows;
    }

    private static string? Describe(SigningKey? key) =>
        key is null ? null : key.KeyBits > 0 ? $"{key.Selector} ({key.KeyBits} bits)" : key.Selector;

    private static string? Describe(DkimKeyChange? change) =>
        change is null ? null : $"{SesNames.Origin(change.Origin)} {string.Join(", ", change.Keys.Select(key => key.Selector))}";

    /// <summary>A row's detail is one line for people, not a document.</summary>
    private static string Shorten(string text)
    {
        const int MaxLength = 500;
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
