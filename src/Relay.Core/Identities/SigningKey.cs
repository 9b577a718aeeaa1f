namespace Relay.Core.Identities;

/// <summary>A domain's DKIM signing key: the selector it is published under and the private key (PEM).</summary>
public sealed record SigningKey(string Selector, string PrivateKeyPem, int KeyBits)
{
    /// <summary>Keeps key material out of logs and exception messages.</summary>
    public override string ToString() => $"SigningKey {{ Selector = {Selector}, KeyBits = {KeyBits} }}";
}
