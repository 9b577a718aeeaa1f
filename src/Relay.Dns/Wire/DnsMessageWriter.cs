using System.Buffers.Binary;
using System.Text;

namespace Relay.Dns.Wire;

/// <summary>
/// Writes DNS messages octet by octet (RFC 1035 4.1) for what ARSoft cannot produce: zone transfer messages, NOTIFY,
/// TSIG records. Names are written uncompressed, as RFC 8945 4.2 asks for the TSIG record and as is always allowed.
/// </summary>
internal sealed class DnsMessageWriter
{
    private readonly List<byte> _octets = [];

    public int Length => _octets.Count;

    public void WriteUInt16(int value)
    {
        _octets.Add((byte)(value >> 8));
        _octets.Add((byte)value);
    }

    public void WriteUInt32(uint value)
    {
        WriteUInt16((int)(value >> 16));
        WriteUInt16((int)(value & 0xFFFF));
    }

    /// <summary>A 48-bit unsigned integer (the TSIG Time Signed field).</summary>
    public void WriteUInt48(long value)
    {
        WriteUInt16((int)((value >> 32) & 0xFFFF));
        WriteUInt32((uint)(value & 0xFFFF_FFFF));
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var octet in bytes)
        {
            _octets.Add(octet);
        }
    }

    /// <summary>A dotted name ("." or "" for the root), each label as ASCII, uncompressed.</summary>
    public void WriteName(string dottedName)
    {
        foreach (var label in dottedName.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var octets = Encoding.ASCII.GetBytes(label);
            if (octets.Length > DnsWire.MaxLabelLength)
            {
                throw new ArgumentException($"The label '{label}' is longer than {DnsWire.MaxLabelLength} octets.", nameof(dottedName));
            }

            _octets.Add((byte)octets.Length);
            WriteBytes(octets);
        }

        _octets.Add(0);
    }

    /// <summary>Writes a 16-bit value at <paramref name="offset"/> already written (a count or an RDLENGTH).</summary>
    public void PatchUInt16(int offset, int value)
    {
        _octets[offset] = (byte)(value >> 8);
        _octets[offset + 1] = (byte)value;
    }

    public byte[] ToArray() => [.. _octets];

    /// <summary>A 12-octet header: id, flags, and the four section counts.</summary>
    public void WriteHeader(ushort id, ushort flags, int questions, int answers, int authorities, int additionals)
    {
        WriteUInt16(id);
        WriteUInt16(flags);
        WriteUInt16(questions);
        WriteUInt16(answers);
        WriteUInt16(authorities);
        WriteUInt16(additionals);
    }

    /// <summary>Increments the header count at <paramref name="countOffset"/> of a finished message.</summary>
    public static byte[] WithCountIncremented(ReadOnlySpan<byte> message, int countOffset, ReadOnlySpan<byte> appended)
    {
        var result = new byte[message.Length + appended.Length];
        message.CopyTo(result);
        appended.CopyTo(result.AsSpan(message.Length));
        var count = BinaryPrimitives.ReadUInt16BigEndian(result.AsSpan(countOffset));
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(countOffset), (ushort)(count + 1));
        return result;
    }
}
