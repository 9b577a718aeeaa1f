namespace Relay.Core.Identities;

/// <summary>One of an identity's tags (SES's <c>Tag</c>): a key, unique on the identity, and a value that may be empty.</summary>
public sealed record IdentityTag(string Key, string Value);
