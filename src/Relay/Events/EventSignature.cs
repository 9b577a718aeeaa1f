using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Relay.Events;

/// <summary>
/// The <c>X-Relay-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" with the webhook's key&gt;</c>,
/// so that a receiver can check that Relay sent the body and that it is fresh (the time is signed too).
/// </summary>
internal static class EventSignature
{
    public static string For(byte[] secret, byte[] body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var seconds = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.ASCII.GetBytes(seconds + ".").Concat(body).ToArray();
        return $"t={seconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed))}";
    }
}
