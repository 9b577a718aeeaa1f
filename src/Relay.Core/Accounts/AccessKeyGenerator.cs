using System.Security.Cryptography;

namespace Relay.Core.Accounts;

/// <summary>Makes access keys shaped like AWS's: a 20-character upper-case id and a 40-character base64 secret.</summary>
public static class AccessKeyGenerator
{
    /// <summary>Sets Relay's ids apart from AWS's <c>AKIA…</c> so that neither is mistaken for the other.</summary>
    public const string IdPrefix = "RELAY";

    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int IdLength = 20;
    private const int SecretBytes = 30;

    public static AccessKey Create(string accountId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var id = IdPrefix + RandomNumberGenerator.GetString(IdAlphabet, IdLength - IdPrefix.Length);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));
        return new AccessKey(id, accountId, secret, now, null);
    }
}
