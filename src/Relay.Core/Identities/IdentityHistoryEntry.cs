namespace Relay.Core.Identities;

/// <summary>One stored change of an identity's state, as its history (the console's timeline, <c>relay identity history</c>) lists it.</summary>
/// <param name="AccountId">The owning account.</param>
/// <param name="Name">The identity (lower-case).</param>
/// <param name="When">When the change was saved.</param>
/// <param name="Change">What changed (one of <see cref="IdentityHistoryChange"/>'s names).</param>
/// <param name="From">The value before, in SES's words where there are some (PENDING, AWS_SES); null when there was none.</param>
/// <param name="To">The value after; null when there is none any more (a key change dropped, an Ed25519 key removed).</param>
/// <param name="Finding">What the check behind a status change found: the outcome code of its first record not found right (<c>Missing</c>, <c>DuplicatedDomain</c>, …); null otherwise.</param>
/// <param name="FindingRecord">The name of that record; null without a finding.</param>
/// <param name="Detail">The checker's one line on that record, or a short note on the change; null when none.</param>
public sealed record IdentityHistoryEntry(
    string AccountId,
    string Name,
    DateTimeOffset When,
    IdentityHistoryChange Change,
    string? From,
    string? To,
    string? Finding = null,
    string? FindingRecord = null,
    string? Detail = null);
