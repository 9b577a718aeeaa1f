using System.Buffers;
using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ]; chunk-size = 1*DIGIT; end-marker = "LAST" (RFC 3030).</summary>
internal readonly record struct BdatArgument(long ChunkSize, bool Last)
{
    private const int LongestChunkSize = 18;

    public static bool TryParse(CommandLine command, out BdatArgument argument)
    {
        argument = default;
        var reader = command.ArgumentReader();
        var start = reader.Consumed;
        long size = 0;
        while (reader.TryPeek(out var b) && SmtpCharacters.IsDigit(b))
        {
            size = (size * 10) + (b - '0');
            reader.Advance(1);
            if (reader.Consumed - start > LongestChunkSize)
            {
                return false;
            }
        }

        if (reader.Consumed == start)
        {
            return false;
        }

        var last = false;
        if (!reader.End)
        {
            last = SmtpCharacters.SkipSpaces(ref reader) > 0 && SmtpCharacters.TryReadIgnoreCase(ref reader, "LAST"u8);
            if (!last || !reader.End)
            {
                return false;
            }
        }

        argument = new BdatArgument(size, last);
        return true;
    }
}
