using System.Globalization;
using System.Text;

namespace Relay.Benchmarks.Latency;

/// <summary>A plain 7-bit message of about <c>size</c> body octets, in 78-character lines, marked with X-Bench-Id.</summary>
internal static class ProbeMessage
{
    private const int LineLength = 78;

    public static byte[] Build(int id, string from, string to, int size, DateTimeOffset date)
    {
        var text = new StringBuilder(size + 512);
        text.Append(CultureInfo.InvariantCulture, $"From: <{from}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: <{to}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Subject: latency probe {id}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Date: {date.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Message-ID: <probe-{id}.{date.ToUnixTimeMilliseconds()}@bench.test>\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append("Content-Type: text/plain; charset=us-ascii\r\n");
        text.Append(CultureInfo.InvariantCulture, $"X-Bench-Id: {id}\r\n");
        text.Append("\r\n");
        var written = 0;
        var line = 0;
        while (written < size)
        {
            var length = Math.Min(LineLength, size - written);
            // Lines never start with "." (no dot-stuffing needed): each starts with a letter.
            var body = $"L{line++:D6} ".PadRight(length, 'x')[..length];
            text.Append(body).Append("\r\n");
            written += length + 2;
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
