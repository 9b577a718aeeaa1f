namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// How a domain should be signed (SES v2 DkimSigningAttributes): Easy DKIM with a key length, or BYODKIM with the
/// customer's selector and private key (PEM, or base64 DER as SES takes it).
/// </summary>
public sealed record DkimSigningRequest(
    DkimSigningOrigin Origin,
    DkimKeyLength? NextSigningKeyLength = null,
    string? Selector = null,
    string? PrivateKey = null);
