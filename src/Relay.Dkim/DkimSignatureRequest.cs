namespace Relay.Dkim;

/// <summary>
/// One DKIM signature to add to a message: the signing domain (<c>d=</c>), the selector
/// (<c>s=</c>) and the private key whose public half is published at
/// <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.
/// </summary>
/// <param name="Domain">The signing domain, as ASCII (A-labels for internationalised names).</param>
/// <param name="Selector">The selector, one or more DNS labels.</param>
/// <param name="Key">The private key: RSA (rsa-sha256) or Ed25519 (ed25519-sha256).</param>
public sealed record DkimSignatureRequest(string Domain, string Selector, DkimSigningKey Key)
{
    /// <summary>
    /// List From once more in <c>h=</c> than the message has, so that a From field added
    /// later breaks the signature. On by default; turn off for strict Amazon SES parity.
    /// </summary>
    public bool OversignFrom { get; init; } = true;

    /// <summary>
    /// The header field names to sign, or <see langword="null"/> for
    /// <see cref="DkimMessageSigner.DefaultSignedHeaders"/>. Only fields present in the
    /// message are listed in <c>h=</c> (every instance of each); From is always signed.
    /// </summary>
    public IReadOnlyList<string>? HeadersToSign { get; init; }
}
