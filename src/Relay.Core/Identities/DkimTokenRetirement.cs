namespace Relay.Core.Identities;

/// <summary>
/// Easy DKIM: the key behind <paramref name="Token"/> stopped signing at <paramref name="StoppedSigning"/>. It stays
/// published for the retired-key retention after that, for mail signed with it that is still in queues.
/// </summary>
public sealed record DkimTokenRetirement(string Token, DateTimeOffset StoppedSigning);
