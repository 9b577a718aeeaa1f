using System.Buffers.Binary;
using System.Text;

namespace Relay.Fuzz.Dns;

/// <summary>
/// Makes one query from the DNS grammar (RFC 1035 4.1, RFC 6891): a header with random flags, opcodes and counts,
/// questions whose names are in and out of the zone, long, case-mixed, compressed (well and badly) or over RFC 1035's
/// limits, an OPT record with any payload size and version, stray records; then, for some, byte-level mutations.
/// </summary>
internal static class DnsPacketGenerator
{
    private static readonly ushort[] Types = [16, 16, 16, 1, 28, 6, 2, 255, 252, 251, 5, 15, 41, 0, 65535];
    private static readonly ushort[] Classes = [1, 1, 1, 1, 255, 3, 254, 0, 65535];

    public static byte[] Generate(Random random, string zone, IReadOnlyList<string> tokens)
    {
        var packet = new List<byte>(128);
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)random.Next(65536));
        var opcode = random.Next(10) == 0 ? random.Next(16) : 0;
        header[2] = (byte)((random.Next(20) == 0 ? 0x80 : 0) | (opcode << 3) | (random.Next(4) == 0 ? 0x07 & random.Next(8) : 0x01));
        header[3] = (byte)(random.Next(8) == 0 ? random.Next(256) : 0);
        var questions = random.Next(12) switch
        {
            0 => 0,
            1 => 2,
            2 => random.Next(3, 70_000) & 0xFFFF,
            _ => 1,
        };
        var withOpt = random.Next(3) == 0;
        var strayRecords = random.Next(10) == 0 ? 1 : 0;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)questions);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((withOpt ? 1 : 0) + strayRecords));
        packet.AddRange(header);

        var written = Math.Min(questions, random.Next(1, 4));
        for (var i = 0; i < written; i++)
        {
            AppendName(packet, random, zone, tokens);
            AppendUShort(packet, Types[random.Next(Types.Length)]);
            AppendUShort(packet, Classes[random.Next(Classes.Length)]);
        }

        if (strayRecords > 0)
        {
            AppendName(packet, random, zone, tokens);
            AppendUShort(packet, Types[random.Next(Types.Length)]);
            AppendUShort(packet, 1);
            packet.AddRange([0, 0, 0, 60]);
            var data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            AppendUShort(packet, (ushort)data.Length);
            packet.AddRange(data);
        }

        if (withOpt)
        {
            AppendOpt(packet, random);
        }

        if (random.Next(3) == 0)
        {
            Mutator.Mutate(packet, random, 1 + random.Next(4));
        }

        return [.. packet];
    }

    private static void AppendName(List<byte> packet, Random random, string zone, IReadOnlyList<string> tokens)
    {
        switch (random.Next(14))
        {
            case 0:
                AppendLabels(packet, zone);
                break;
            case 1:
                AppendLabels(packet, $"ns1.{zone}");
                break;
            case 2:
                AppendLabels(packet, $"missing{random.Next(1000)}.{zone}");
                break;
            case 3:
                AppendLabels(packet, $"deep.{tokens[random.Next(tokens.Count)]}.{zone}");
                break;
            case 4:
                AppendLabels(packet, "www.example.com");
                break;
            case 5:
                // Long names: up to and over 255 octets, labels up to 63.
                var labels = new List<string>();
                var target = random.Next(200, 300);
                while (labels.Sum(label => label.Length + 1) < target)
                {
                    labels.Add(new string((char)('a' + random.Next(26)), random.Next(1, 64)));
                }

                AppendLabels(packet, string.Join('.', labels) + "." + zone);
                break;
            case 6:
                // A pointer: back to the first question's name (valid later on), to itself, forwards, into the header.
                var pointer = random.Next(4) switch
                {
                    0 => 12,
                    1 => packet.Count,
                    2 => packet.Count + 2 + random.Next(20),
                    _ => random.Next(12),
                };
                if (random.Next(2) == 0)
                {
                    packet.Add(3);
                    packet.AddRange("abc"u8.ToArray());
                }

                packet.Add((byte)(0xC0 | (pointer >> 8)));
                packet.Add((byte)pointer);
                break;
            case 7:
                packet.Add(0);
                break;
            case 8:
                // A label length with the reserved top bits, or a label longer than what follows.
                packet.Add((byte)(random.Next(2) == 0 ? 0x40 | random.Next(64) : 0x80 | random.Next(64)));
                packet.AddRange("xyz"u8.ToArray());
                packet.Add(0);
                break;
            case 9:
                var raw = new byte[random.Next(1, 30)];
                random.NextBytes(raw);
                packet.Add((byte)raw.Length);
                packet.AddRange(raw);
                AppendLabels(packet, zone);
                break;
            default:
                var token = tokens[random.Next(tokens.Count)];
                AppendLabels(packet, $"{(random.Next(3) == 0 ? token.ToUpperInvariant() : token)}.{zone}");
                break;
        }
    }

    private static void AppendOpt(List<byte> packet, Random random)
    {
        packet.Add(0);
        AppendUShort(packet, 41);
        AppendUShort(packet, random.Next(5) switch
        {
            0 => 0,
            1 => 512,
            2 => 4096,
            3 => 65535,
            _ => (ushort)random.Next(65536),
        });
        packet.Add((byte)(random.Next(8) == 0 ? random.Next(256) : 0));
        packet.Add((byte)(random.Next(6) == 0 ? random.Next(1, 256) : 0));
        AppendUShort(packet, (ushort)(random.Next(2) == 0 ? 0x8000 : 0));
        if (random.Next(4) == 0)
        {
            var option = new byte[random.Next(0, 20)];
            random.NextBytes(option);
            AppendUShort(packet, (ushort)(option.Length + 4));
            AppendUShort(packet, (ushort)random.Next(16));
            AppendUShort(packet, (ushort)(random.Next(5) == 0 ? random.Next(100) : option.Length));
            packet.AddRange(option);
        }
        else
        {
            AppendUShort(packet, 0);
        }
    }

    private static void AppendLabels(List<byte> packet, string name)
    {
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            packet.Add((byte)Math.Min(bytes.Length, 255));
            packet.AddRange(bytes);
        }

        packet.Add(0);
    }

    private static void AppendUShort(List<byte> packet, ushort value)
    {
        packet.Add((byte)(value >> 8));
        packet.Add((byte)value);
    }
}
