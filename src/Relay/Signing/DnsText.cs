using System.Text;
using Relay.Dkim;

namespace Relay.Signing;

/// <summary>Presents a TXT value as zone-file character-strings of at most 255 octets each.</summary>
internal static class DnsText
{
    private const int MaxStringLength = 255;

    /// <summary>The zone-file line that publishes a DKIM public key: <c>selector._domainkey.domain. IN TXT "…"</c>.</summary>
    public static string DkimRecord(string selector, string domain, DkimSigningKey key) =>
        $"{selector}._domainkey.{domain}. IN TXT {Quote(key.ToDnsTxtRecord())}";

    public static string Quote(string value)
    {
        var parts = new List<string>();
        for (var offset = 0; offset < value.Length; offset += MaxStringLength)
        {
            parts.Add(value.Substring(offset, Math.Min(MaxStringLength, value.Length - offset)));
        }

        var builder = new StringBuilder();
        builder.AppendJoin(' ', parts.Select(part => $"\"{part.Replace("\"", "\\\"", StringComparison.Ordinal)}\""));
        return parts.Count > 1 ? $"( {builder} )" : builder.ToString();
    }
}
