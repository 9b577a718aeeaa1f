using System.Buffers.Text;
using System.Security.Cryptography;

namespace Relay.WebConsole;

/// <summary>Unguessable tokens for session ids and CSRF tokens: 256 random bits, base64url.</summary>
internal static class RandomTokens
{
    public const int Bytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Compares in time that does not depend on where the two differ.</summary>
    public static bool Same(string? given, string? expected) =>
        given is not null && expected is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));
}
