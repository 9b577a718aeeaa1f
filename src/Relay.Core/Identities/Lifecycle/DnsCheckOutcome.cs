namespace Relay.Core.Identities.Lifecycle;

/// <summary>The verdict of one DNS check of an identity's records.</summary>
public enum DnsCheckOutcome
{
    /// <summary>Every record is there and right.</summary>
    Verified,

    /// <summary>The resolver answered, and at least one record is missing or wrong.</summary>
    NotFound,

    /// <summary>The resolver failed or timed out: nothing can be said about the records.</summary>
    ResolverError,
}
