using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Relay.Dns.Transfer;

/// <summary>
/// The whole key zone at one serial, in transfer order (RFC 5936 2.2): SOA, NS, the in-zone name servers' addresses,
/// every DKIM TXT record, SOA again. Built from the same <see cref="DkimZone"/> and record source as the responder's
/// answers. The serial is read before and after the records; when it moved meanwhile, the reading starts over.
/// </summary>
internal sealed record ZoneSnapshot(uint Serial, IReadOnlyList<DnsRecordBase> Records)
{
    private const int Readings = 5;

    /// <exception cref="InvalidOperationException">The records kept changing, or a label or TXT value cannot be served.</exception>
    public static async Task<ZoneSnapshot> ReadAsync(DkimZone zone, IDkimKeyRecordSource source, CancellationToken cancellationToken)
    {
        for (var reading = 1; reading <= Readings; reading++)
        {
            var serial = await source.SerialAsync(cancellationToken).ConfigureAwait(false);
            var txt = new List<(string Label, string Value)>();
            await foreach (var record in source.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                txt.Add(record);
            }

            if (await source.SerialAsync(cancellationToken).ConfigureAwait(false) != serial)
            {
                continue;
            }

            var records = new List<DnsRecordBase> { zone.Soa(zone.Apex, serial) };
            records.AddRange(zone.Ns(zone.Apex));
            records.AddRange(zone.Glue());
            foreach (var (label, value) in txt.OrderBy(record => record.Label, StringComparer.Ordinal))
            {
                if (!DnsNames.IsHostnameLabel(label))
                {
                    throw new InvalidOperationException($"The key record label '{label}' is not a single DNS label.");
                }

                if (!TxtCharacterStrings.IsPrintableAscii(value))
                {
                    throw new InvalidOperationException($"The TXT value for label {label} is not printable ASCII.");
                }

                records.Add(zone.Txt(new DomainName([label, .. zone.Apex.Labels]), value));
            }

            records.Add(zone.Soa(zone.Apex, serial));
            return new ZoneSnapshot(serial, records);
        }

        throw new InvalidOperationException($"The key records changed during each of {Readings} readings.");
    }
}
