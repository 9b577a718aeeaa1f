using System.Globalization;
using System.Text;

namespace Relay.Testing.Dns;

/// <summary>Renders a <see cref="TestZone"/> as a BIND master file with TTLs of one second, so resolvers cache nothing for long.</summary>
internal static class ZoneFileText
{
    /// <summary>Out of every test zone, so that named needs no address record for it.</summary>
    public const string NameServer = "ns.harness.invalid.";

    public static string Render(TestZone zone, uint serial)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"$ORIGIN {zone.Apex}.\n");
        text.Append("$TTL 1\n");

        // refresh, retry, expire, negative TTL: only the last matters here (RFC 2308 negative caching).
        text.Append(CultureInfo.InvariantCulture, $"@ IN SOA {NameServer} hostmaster.{zone.Apex}. {serial} 60 60 600 1\n");
        text.Append(CultureInfo.InvariantCulture, $"@ IN NS {NameServer}\n");
        text.Append(zone.Records.ReplaceLineEndings("\n"));
        text.Append('\n');
        return text.ToString();
    }
}
