using System.Globalization;
using System.Text;

namespace Relay.Benchmarks.Load;

/// <summary>
/// Reads how many messages smtp-sink has received from its "-c" output: records such as
/// "sess=3 quit=0 mesg=120" each ended by a carriage return, appended as the count changes.
/// </summary>
internal sealed class SinkCounter(string path)
{
    private const string Marker = "mesg=";
    private const int TailBytes = 512;

    /// <summary>The count in the last complete record, or 0 when there is none yet.</summary>
    public long Read()
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var start = Math.Max(0, stream.Length - TailBytes);
        stream.Position = start;
        var buffer = new byte[stream.Length - start];
        stream.ReadExactly(buffer);
        return LastCount(Encoding.ASCII.GetString(buffer));
    }

    /// <summary>The count of the last record that is complete (ends with CR); a record still being written is ignored.</summary>
    internal static long LastCount(string tail)
    {
        var end = tail.LastIndexOf('\r');
        if (end < 0)
        {
            return 0;
        }

        var marker = tail.LastIndexOf(Marker, end, StringComparison.Ordinal);
        if (marker < 0)
        {
            return 0;
        }

        var digits = tail[(marker + Marker.Length)..end].TrimEnd();
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return long.Parse(digits.AsSpan(0, length), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
