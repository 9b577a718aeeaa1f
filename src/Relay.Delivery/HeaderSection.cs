namespace Relay.Delivery;

/// <summary>Looks at the header section of raw message bytes without parsing it.</summary>
internal static class HeaderSection
{
    private const int BufferSize = 8192;

    /// <summary>True when an octet above 127 occurs before the blank line that ends the header section.</summary>
    public static async Task<bool> ContainsNonAsciiAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];

        // Start as if a CRLF had just been read, so that content beginning with CRLF has an empty header section.
        var matched = 2;
        content.Position = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var verdict = Scan(buffer.AsSpan(0, read), ref matched);
            if (verdict is not null)
            {
                return verdict.Value;
            }
        }

        return false;
    }

    /// <summary>Returns the answer once the chunk decides it, or null to read on.</summary>
    private static bool? Scan(ReadOnlySpan<byte> chunk, ref int matched)
    {
        ReadOnlySpan<byte> end = "\r\n\r\n"u8;
        foreach (var octet in chunk)
        {
            if (octet > 0x7f)
            {
                return true;
            }

            matched = octet == end[matched] ? matched + 1 : octet == '\r' ? 1 : 0;
            if (matched == end.Length)
            {
                return false;
            }
        }

        return null;
    }
}
