using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Relay.Dns;

/// <summary>
/// Writes the key zone as a BIND master file (RFC 1035 5): <c>$ORIGIN</c>, <c>$TTL</c>, the SOA, the NS records
/// and one TXT per active token, split into quoted strings of at most 255 octets. Operators load it into their own
/// DNS (BIND, NSD, Knot) instead of, or as a secondary to, <see cref="DkimZoneServer"/>.
/// </summary>
public sealed class DkimZoneFileWriter
{
    private readonly DkimZoneOptions _options;
    private readonly IDkimKeyRecordSource _records;

    /// <summary>Creates a writer for the zone the options describe.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public DkimZoneFileWriter(DkimZoneOptions options, IDkimKeyRecordSource records)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(records);
        options.Validate();
        _options = options;
        _records = records;
    }

    /// <summary>Writes the zone with the source's SOA serial, the one the running key zone serves for the same records.</summary>
    /// <exception cref="InvalidOperationException">A record from the source has a bad label or value (named).</exception>
    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var zone = DkimZone.From(_options);
        if (zone.DelegationProblem is { } problem)
        {
            throw new InvalidOperationException($"DkimZoneOptions.NameServerAddresses must be set: {problem}.");
        }

        var serial = await _records.SerialAsync(cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        AppendApex(text, zone, serial);
        await foreach (var (label, value) in _records.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            AppendTxt(text, zone, label, value);
        }

        await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AppendApex(StringBuilder text, DkimZone zone, uint serial)
    {
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"; DKIM key zone {zone.Name} (Easy DKIM CNAME targets), written by Relay\n");
        text.Append(culture, $"$ORIGIN {zone.Name}.\n");
        text.Append(culture, $"$TTL {zone.TxtTtl}\n");
        text.Append(culture, $"@\t{zone.ApexTtl}\tIN\tSOA\t{zone.NameServers[0]}. {zone.Hostmaster.ToZoneFileName()} (\n");
        text.Append(culture, $"\t\t{serial} ; serial\n");
        text.Append(culture, $"\t\t{DkimZone.RefreshSeconds} ; refresh\n");
        text.Append(culture, $"\t\t{DkimZone.RetrySeconds} ; retry\n");
        text.Append(culture, $"\t\t{DkimZone.ExpireSeconds} ; expire\n");
        text.Append(culture, $"\t\t{zone.NegativeTtl} ) ; minimum (negative caching TTL)\n");
        foreach (var nameServer in zone.NameServers)
        {
            text.Append(culture, $"@\t{zone.ApexTtl}\tIN\tNS\t{nameServer}.\n");
        }

        foreach (var nameServer in zone.InZoneNameServers)
        {
            foreach (var address in zone.NameServerAddresses)
            {
                var type = address.AddressFamily == AddressFamily.InterNetwork ? "A" : "AAAA";
                text.Append(culture, $"{nameServer}\t{zone.ApexTtl}\tIN\t{type}\t{address}\n");
            }
        }
    }

    private static void AppendTxt(StringBuilder text, DkimZone zone, string label, string value)
    {
        if (!DnsNames.IsHostnameLabel(label))
        {
            throw new InvalidOperationException($"The record label '{label}' is not a single DNS label.");
        }

        if (!TxtCharacterStrings.IsPrintableAscii(value))
        {
            throw new InvalidOperationException($"The TXT value for label '{label}' is not printable ASCII.");
        }

        var strings = TxtCharacterStrings.Split(value);
        text.Append(CultureInfo.InvariantCulture, $"{label.ToLowerInvariant()}\t{zone.TxtTtl}\tIN\tTXT\t( ");
        for (var i = 0; i < strings.Count; i++)
        {
            if (i > 0)
            {
                text.Append("\n\t\t");
            }

            text.Append(TxtCharacterStrings.Quote(strings[i]));
        }

        text.Append(" )\n");
    }
}
