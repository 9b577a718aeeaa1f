using System.Security.Cryptography;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>RSA keys in the shapes customers hand in for BYODKIM.</summary>
internal static class TestRsaKeys
{
    public static string Pkcs8Pem(int bits)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>A pre-made 8192-bit key (making one takes tens of seconds); it signs nothing.</summary>
    public static string Oversized8192BitPem() =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Lifecycle", "Keys", "rsa-8192-test-only.pem"));

    /// <summary>Base64 with a line break every 64 characters, as people paste it.</summary>
    public static string WrappedBase64(byte[] der) =>
        string.Join('\n', Convert.ToBase64String(der).Chunk(64).Select(chunk => new string(chunk)));
}
