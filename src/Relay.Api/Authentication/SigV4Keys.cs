using System.Security.Cryptography;
using System.Text;

namespace Relay.Api.Authentication;

/// <summary>The SigV4 key chain: <c>HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")</c>.</summary>
internal static class SigV4Keys
{
    public const string Terminator = "aws4_request";

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, Terminator);
    }

    public static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}
