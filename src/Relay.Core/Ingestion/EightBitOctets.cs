namespace Relay.Core.Ingestion;

/// <summary>Finds octets above 127, which a 7-bit transport cannot carry.</summary>
internal static class EightBitOctets
{
    public static bool In(ReadOnlySpan<byte> octets) => octets.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    /// <summary>Reads <paramref name="stream"/> from its start to its end and leaves it at position 0.</summary>
    public static async Task<bool> InAsync(Stream stream, CancellationToken cancellationToken)
    {
        stream.Position = 0;
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (In(buffer.AsSpan(0, read)))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            stream.Position = 0;
        }
    }
}
