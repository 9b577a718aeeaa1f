using System.Text.Json.Serialization;

namespace Relay.Core.Identities;

/// <summary>
/// A domain's Ed25519 key beside its RSA keys (RFC 8463), an extension SES does not have: its own record (Easy DKIM: a
/// fourth token and CNAME into the key zone; BYODKIM: the customer's TXT at their selector), checked apart from the
/// RSA records, so that SES's DKIM status and three tokens keep their meaning. Relay adds an ed25519-sha256 signature
/// above the RSA one while <see cref="Status"/> is SUCCESS and the RSA key signs.
/// </summary>
/// <param name="Origin">Easy DKIM (Relay made the key, published in its key zone) or BYODKIM (the customer's key and TXT).</param>
/// <param name="Key">The key; its selector is the fourth token (Easy DKIM) or the customer's selector.</param>
/// <param name="Status">What the checks of the Ed25519 record found, in SES's status words.</param>
/// <param name="Check">The DNS checks of that record.</param>
public sealed record Ed25519Dkim(DkimSigningOrigin Origin, SigningKey Key, VerificationStatus Status, DnsCheckState Check)
{
    /// <summary>
    /// After a rotation behind the same token: no check counts before this time (resolvers may still hold the record
    /// of the key it replaced), not even one asked for by hand. Null otherwise.
    /// </summary>
    public DateTimeOffset? SwitchAfter { get; init; }

    /// <summary>Whether the last check found the record right (SUCCESS): a missing record stops Ed25519 signing at once, as for RSA.</summary>
    [JsonIgnore]
    public bool Signs => Status == VerificationStatus.Success;
}
