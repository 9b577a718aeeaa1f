using System.Buffers;

namespace Relay.Dkim;

/// <summary>
/// Reads a message's header section up to the first empty line, the split every DKIM
/// verifier makes, so that Relay's view of where the body starts is theirs too.
/// </summary>
internal static class HeaderSectionReader
{
    /// <summary>Large enough for thousands of recipients; bounds what one message can make Relay hold.</summary>
    public const int MaxHeaderSectionBytes = 4 * 1024 * 1024;

    private const int ChunkSize = 16 * 1024;

    public static async Task<HeaderSection> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var start = source.Position;
        var guard = new LineEndingGuard(start);
        using var collected = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long lineStart = 0;
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken);
                if (read == 0)
                {
                    guard.Complete();
                    return new HeaderSection(collected.ToArray(), start + collected.Length);
                }

                var chunk = buffer.AsSpan(0, read);
                var separatorEnd = FindSeparatorEnd(chunk, collected.Length, ref lineStart);
                var consumed = separatorEnd < 0 ? read : separatorEnd;
                guard.Check(chunk[..consumed]);
                collected.Write(chunk[..consumed]);
                if (separatorEnd >= 0)
                {
                    // lineStart is where the empty line began: the fields end there, the body begins after its CRLF.
                    collected.SetLength(lineStart);
                    return new HeaderSection(collected.ToArray(), start + lineStart + 2);
                }

                if (collected.Length > MaxHeaderSectionBytes)
                {
                    throw new DkimMessageFormatException(
                        $"The message's header section exceeds {MaxHeaderSectionBytes} bytes.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Returns the chunk index just past the LF of the first empty line ("\r\n" alone), or -1;
    /// keeps <paramref name="lineStart"/> (a position in the whole section) at the current line's start.
    /// </summary>
    private static int FindSeparatorEnd(ReadOnlySpan<byte> chunk, long collectedBefore, ref long lineStart)
    {
        var index = 0;
        while (index < chunk.Length)
        {
            var lf = chunk[index..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            index += lf;
            var lfPosition = collectedBefore + index;
            // A one-byte line before LF is "\r\n" or a bare LF, which the guard rejects over the same bytes.
            if (lfPosition - lineStart == 1)
            {
                return index + 1;
            }

            lineStart = lfPosition + 1;
            index++;
        }

        return -1;
    }
}
