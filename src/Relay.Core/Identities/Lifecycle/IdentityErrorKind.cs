namespace Relay.Core.Identities.Lifecycle;

/// <summary>Why an identity operation was refused; the API maps each to SES's error code.</summary>
public enum IdentityErrorKind
{
    /// <summary>The identity does not exist for this account (another account's identity is "not found" too).</summary>
    NotFound,

    /// <summary>A malformed name, key, selector or a request that does not apply (SES InvalidParameterValue).</summary>
    InvalidParameter,

    /// <summary>The identity exists already (SES v2 AlreadyExistsException).</summary>
    AlreadyExists,

    /// <summary>Called faster than the operation allows (SES Throttling).</summary>
    Throttled,
}
