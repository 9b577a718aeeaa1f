namespace Relay.Core.Identities;

/// <summary>Easy DKIM keys no longer used for signing, whose public halves stay in the key zone until <paramref name="Until"/>.</summary>
public sealed record RetiredDkimKeys(IReadOnlyList<SigningKey> Keys, DateTimeOffset Until);
