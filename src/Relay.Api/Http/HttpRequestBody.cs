using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Relay.Api.Http;

/// <summary>
/// Reads the body of a request on the wire through a small buffer into its SHA-256 and into memory reserved from
/// the shared budget: all of a declared Content-Length up front (refused whole when it does not fit), a chunked
/// body a step at a time.
/// </summary>
internal sealed class HttpRequestBody(HttpContext context, long maxBodySize) : IRequestBody
{
    private const int BufferSize = 16 * 1024;
    private const int ChunkedReservationStep = 1024 * 1024;

    public async Task<BodyRead> ReadAsync(BodyReadLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var declared = context.Request.ContentLength;
        if (declared > maxBodySize)
        {
            return BodyRead.Failed(BodyReadOutcome.TooLarge);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return declared is { } length
            ? await ReadDeclaredAsync(length, lease, hash, cancellationToken)
            : await ReadChunkedAsync(lease, hash, cancellationToken);
    }

    private async Task<BodyRead> ReadDeclaredAsync(long length, BodyReadLease lease, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (!lease.TryReserve(length))
        {
            return BodyRead.Failed(BodyReadOutcome.OverBudget);
        }

        var body = new byte[length];
        var filled = 0;
        while (filled < body.Length)
        {
            var read = await context.Request.Body.ReadAsync(body.AsMemory(filled, Math.Min(BufferSize, body.Length - filled)), cancellationToken);
            if (read == 0)
            {
                // Kestrel ends a body short of its Content-Length with an exception; other servers might not.
                throw new IOException("The request body ended before its Content-Length.");
            }

            hash.AppendData(body, filled, read);
            filled += read;
        }

        return BodyRead.Read(body, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private async Task<BodyRead> ReadChunkedAsync(BodyReadLease lease, IncrementalHash hash, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var buffer = new byte[BufferSize];
        long reserved = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > maxBodySize)
            {
                return BodyRead.Failed(BodyReadOutcome.TooLarge);
            }

            if (body.Length + read > reserved)
            {
                if (!lease.TryReserve(ChunkedReservationStep))
                {
                    return BodyRead.Failed(BodyReadOutcome.OverBudget);
                }

                reserved += ChunkedReservationStep;
            }

            hash.AppendData(buffer, 0, read);
            body.Write(buffer, 0, read);
        }

        return BodyRead.Read(body.ToArray(), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
