using System.Text;

namespace Relay.Fuzz;

/// <summary>An input shown on one line: printable ASCII as is, everything else escaped, cut to a length.</summary>
internal static class Preview
{
    public static string Of(ReadOnlySpan<byte> bytes, int maxLength = 300)
    {
        var text = new StringBuilder();
        foreach (var octet in bytes)
        {
            if (text.Length >= maxLength)
            {
                text.Append($"…(+{bytes.Length} octets in all)");
                break;
            }

            _ = octet switch
            {
                (byte)'\r' => text.Append("\\r"),
                (byte)'\n' => text.Append("\\n"),
                (byte)'\\' => text.Append("\\\\"),
                >= 0x20 and < 0x7F => text.Append((char)octet),
                _ => text.Append($"\\x{octet:X2}"),
            };
        }

        return text.ToString();
    }
}
