using System.Security.Cryptography;

namespace Relay.Core.Identities;

/// <summary>The public half of a signing key, as DKIM publishes it.</summary>
public static class DkimPublicKeys
{
    /// <summary>The <c>p=</c> tag: base64 of the SubjectPublicKeyInfo (RSA) or of the raw 32-octet key (Ed25519, RFC 8463).</summary>
    public static string PublicKeyBase64(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Ed25519PublicKey is { } ed25519)
        {
            return ed25519;
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The whole TXT value: <c>v=DKIM1; k=rsa; p=…</c> or <c>v=DKIM1; k=ed25519; p=…</c>.</summary>
    public static string TxtValue(SigningKey key) =>
        (key?.IsEd25519 == true ? "v=DKIM1; k=ed25519; p=" : "v=DKIM1; k=rsa; p=") + PublicKeyBase64(key!);
}
