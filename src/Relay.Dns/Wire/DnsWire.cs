using System.Buffers.Binary;

namespace Relay.Dns.Wire;

/// <summary>
/// Reads the parts of a DNS message (RFC 1035 4.1) that are checked on raw bytes, before and after ARSoft: the header
/// counts, domain names with their compression pointers, and the end of the question section.
/// </summary>
internal static class DnsWire
{
    /// <summary>The fixed header size; anything shorter cannot be a DNS message.</summary>
    public const int HeaderLength = 12;

    /// <summary>The longest domain name in wire form, length octets and the root label included (RFC 1035 2.3.4).</summary>
    public const int MaxNameLength = 255;

    /// <summary>The longest label (RFC 1035 2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private const byte PointerMask = 0xC0;

    public static ushort Id(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static ushort QuestionCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[4..]);

    public static int ReturnCode(ReadOnlySpan<byte> message) => message[3] & 0x0F;

    /// <summary>
    /// Walks the name at <paramref name="offset"/>, following compression pointers; each pointer must point before the
    /// place it was read from, so the walk always ends. <paramref name="next"/> is the offset after the name where it
    /// appears (after its first pointer, when compressed); <paramref name="length"/> its uncompressed wire length.
    /// </summary>
    public static NameCheck TryReadName(ReadOnlySpan<byte> message, int offset, out int next, out int length)
    {
        next = -1;
        length = 0;
        var position = offset;
        var lowestJump = offset;
        while (true)
        {
            if (position >= message.Length)
            {
                return NameCheck.Truncated;
            }

            var octet = message[position];
            switch (octet & PointerMask)
            {
                case 0:
                    length += octet + 1;
                    if (length > MaxNameLength)
                    {
                        return NameCheck.NameTooLong;
                    }

                    if (octet == 0)
                    {
                        if (next < 0)
                        {
                            next = position + 1;
                        }

                        return NameCheck.Valid;
                    }

                    if (position + 1 + octet > message.Length)
                    {
                        return NameCheck.Truncated;
                    }

                    position += octet + 1;
                    break;
                case PointerMask:
                    if (position + 1 >= message.Length)
                    {
                        return NameCheck.Truncated;
                    }

                    var target = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                    if (target >= lowestJump || target < HeaderLength)
                    {
                        return NameCheck.BadPointer;
                    }

                    if (next < 0)
                    {
                        next = position + 2;
                    }

                    lowestJump = target;
                    position = target;
                    break;
                default:
                    return NameCheck.UnknownLabelType;
            }
        }
    }

    /// <summary>
    /// The name at <paramref name="offset"/> (already checked) as lower-case dotted text, root as "."; octets that are
    /// not printable ASCII and dots inside labels are escaped as \DDD so that two different names never meet.
    /// </summary>
    public static string NameText(ReadOnlySpan<byte> message, int offset)
    {
        var text = new System.Text.StringBuilder();
        var position = offset;
        while (message[position] != 0)
        {
            if ((message[position] & PointerMask) == PointerMask)
            {
                position = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                continue;
            }

            foreach (var octet in message.Slice(position + 1, message[position]))
            {
                var lower = octet is >= (byte)'A' and <= (byte)'Z' ? (byte)(octet | 0x20) : octet;
                if (lower is > 0x20 and < 0x7F and not (byte)'.' and not (byte)'\\')
                {
                    text.Append((char)lower);
                }
                else
                {
                    text.Append('\\').Append(lower.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            text.Append('.');
            position += message[position] + 1;
        }

        return text.Length == 0 ? "." : text.ToString();
    }

    /// <summary>
    /// Checks every name in the question section and finds where the section ends (after QTYPE and QCLASS of the
    /// last question). The first bad thing found is returned.
    /// </summary>
    public static NameCheck TryReadQuestions(ReadOnlySpan<byte> message, out int end)
    {
        end = -1;
        if (message.Length < HeaderLength)
        {
            return NameCheck.Truncated;
        }

        var position = HeaderLength;
        for (var i = 0; i < QuestionCount(message); i++)
        {
            var check = TryReadName(message, position, out var next, out _);
            if (check != NameCheck.Valid)
            {
                return check;
            }

            if (next + 4 > message.Length)
            {
                return NameCheck.Truncated;
            }

            position = next + 4;
        }

        end = position;
        return NameCheck.Valid;
    }
}
