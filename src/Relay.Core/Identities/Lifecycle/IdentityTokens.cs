using System.Security.Cryptography;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>Unguessable tokens in the shapes SES uses.</summary>
internal static class IdentityTokens
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>An Easy DKIM token: 32 lower-case base32 characters (160 random bits), also a valid DNS label and selector.</summary>
    public static string NewDkimToken() => RandomNumberGenerator.GetString(Base32Alphabet, 32);

    /// <summary>A domain verification token: base64 of 32 random bytes, like SES's.</summary>
    public static string NewVerificationToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A confirmation-link secret: 32 random bytes, base64url without padding.</summary>
    public static string NewConfirmationToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
