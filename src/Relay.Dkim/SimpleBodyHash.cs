using System.Buffers;
using System.Security.Cryptography;

namespace Relay.Dkim;

/// <summary>
/// The <c>bh=</c> of RFC 6376 section 3.4.3, "simple" body canonicalisation, in one pass over the exact body bytes:
/// the body without the empty lines at its end, then CRLF (so an empty body hashes as CRLF). Checks that every line
/// ends in CRLF as it reads. Computed once per message and shared by all its signatures, which all use
/// simple bodies with no <c>l=</c>.
/// </summary>
internal static class SimpleBodyHash
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Reads <paramref name="source"/> from <paramref name="offset"/> to its end and returns the SHA-256 of the canonical body.</summary>
    /// <exception cref="DkimMessageFormatException">The body has a bare CR or LF.</exception>
    public static async Task<byte[]> ComputeAsync(Stream source, long offset, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var guard = new LineEndingGuard(offset);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            source.Position = offset;
            // The CR and LF octets read but not yet hashed: they end the body so far, and are dropped if nothing
            // but more of them follows. With no bare CR or LF they are CRLF pairs, perhaps split across two reads.
            long held = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                guard.Check(chunk);
                var content = chunk.TrimEnd("\r\n"u8);
                if (content.Length > 0)
                {
                    AppendLineEnds(hash, held);
                    hash.AppendData(content);
                    held = 0;
                }

                held += chunk.Length - content.Length;
            }

            guard.Complete();
            hash.AppendData("\r\n"u8);
            return hash.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes <paramref name="count"/> held octets: CR and LF alternating, starting with CR.</summary>
    private static void AppendLineEnds(IncrementalHash hash, long count)
    {
        for (var i = 0L; i < count / 2; i++)
        {
            hash.AppendData("\r\n"u8);
        }

        if (count % 2 == 1)
        {
            hash.AppendData("\r"u8);
        }
    }
}
