using System.Security.Cryptography;

namespace Relay.Dns.Tests;

/// <summary>An RSA public key as BYODKIM expects it (base64 SubjectPublicKeyInfo) and as a zone file publishes it.</summary>
internal sealed class DkimKeyMaterial
{
    private DkimKeyMaterial(string publicKeyBase64) => PublicKeyBase64 = publicKeyBase64;

    public string PublicKeyBase64 { get; }

    public string TxtValue => "v=DKIM1; k=rsa; p=" + PublicKeyBase64;

    public static DkimKeyMaterial Create(int bits)
    {
        using var rsa = RSA.Create(bits);
        return new DkimKeyMaterial(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The TXT value as master-file character-strings of at most <paramref name="size"/> octets: <c>"…" "…"</c>.</summary>
    public string AsZoneStrings(int size) =>
        string.Join(' ', TxtValue.Chunk(size).Select(chunk => $"\"{new string(chunk)}\""));
}
