using System.Security.Cryptography;

namespace Relay.Core.Identities;

/// <summary>The public half of a signing key, as DKIM publishes it.</summary>
public static class DkimPublicKeys
{
    /// <summary>Base64 of the SubjectPublicKeyInfo: the <c>p=</c> tag.</summary>
    public static string PublicKeyBase64(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The whole TXT value: <c>v=DKIM1; k=rsa; p=…</c>.</summary>
    public static string TxtValue(SigningKey key) => "v=DKIM1; k=rsa; p=" + PublicKeyBase64(key);
}
