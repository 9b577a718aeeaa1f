using System.Security.Cryptography;

namespace Relay.Dns.Tests;

/// <summary>DKIM TXT values for real RSA keys, made once per test run (a 4096-bit key takes a moment).</summary>
internal static class TestKeys
{
    private static readonly Lazy<string> Rsa2048 = new(() => MakeTxt(2048));
    private static readonly Lazy<string> Rsa4096 = new(() => MakeTxt(4096));

    public static string Txt2048 => Rsa2048.Value;

    public static string Txt4096 => Rsa4096.Value;

    private static string MakeTxt(int bits)
    {
        using var rsa = RSA.Create(bits);
        return "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }
}
