using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Relay.Dns.Wire;

/// <summary>
/// Writes the record types of the key zone (SOA, NS, A, AAAA, TXT) in wire form (RFC 1035 3.3, RFC 3596), uncompressed,
/// for the zone transfer messages ARSoft cannot build (its encoder is internal).
/// </summary>
internal static class RecordEncoder
{
    private const int ClassInternet = 1;

    public static void Write(DnsMessageWriter writer, DnsRecordBase record)
    {
        WriteName(writer, record.Name);
        writer.WriteUInt16((int)record.RecordType);
        writer.WriteUInt16(ClassInternet);
        writer.WriteUInt32((uint)record.TimeToLive);
        var lengthAt = writer.Length;
        writer.WriteUInt16(0);
        switch (record)
        {
            case SoaRecord soa:
                WriteName(writer, soa.MasterName);
                WriteName(writer, soa.ResponsibleName);
                writer.WriteUInt32(soa.SerialNumber);
                writer.WriteUInt32((uint)soa.RefreshInterval);
                writer.WriteUInt32((uint)soa.RetryInterval);
                writer.WriteUInt32((uint)soa.ExpireInterval);
                writer.WriteUInt32((uint)soa.NegativeCachingTTL);
                break;
            case NsRecord ns:
                WriteName(writer, ns.NameServer);
                break;
            case AddressRecordBase address:
                writer.WriteBytes(address.Address.GetAddressBytes());
                break;
            case TxtRecord txt:
                foreach (var part in txt.TextParts)
                {
                    var octets = Encoding.ASCII.GetBytes(part);
                    writer.WriteBytes([(byte)octets.Length]);
                    writer.WriteBytes(octets);
                }

                break;
            default:
                throw new ArgumentException($"No wire form here for {record.RecordType} records.", nameof(record));
        }

        writer.PatchUInt16(lengthAt, writer.Length - lengthAt - 2);
    }

    public static void WriteName(DnsMessageWriter writer, DomainName name) => writer.WriteName(string.Join('.', name.Labels));
}
