using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Relay.Api.Http;

/// <summary>
/// Reads the body of a request on the wire through a small buffer into its SHA-256 and into memory reserved from
/// the shared budget: all of a declared Content-Length up front (refused whole when it does not fit), a chunked
/// body a step at a time. A declared length over <see cref="SesApiOptions.InMemoryBodyThreshold"/> goes to a
/// temporary file instead, when the caller allows it, and costs the budget nothing.
/// </summary>
internal sealed class HttpRequestBody(HttpContext context, SesApiOptions options) : IRequestBody
{
    private const int BufferSize = 16 * 1024;
    private const int ChunkedReservationStep = 1024 * 1024;

    private long MaxBodySize => options.MaxRequestBodySize;

    public async Task<BodyRead> ReadAsync(BodyReadLease lease, bool mayGoToDisk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var declared = context.Request.ContentLength;
        if (declared > MaxBodySize)
        {
            return BodyRead.Failed(BodyReadOutcome.TooLarge);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return declared switch
        {
            { } length when mayGoToDisk && length > options.InMemoryBodyThreshold => await SpillAsync(length, hash, cancellationToken),
            { } length => await ReadDeclaredAsync(length, lease, hash, cancellationToken),
            null => await ReadChunkedAsync(lease, hash, cancellationToken),
        };
    }

    private async Task<BodyRead> SpillAsync(long length, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var file = TemporaryFile.Create(options.TemporaryDirectory, "body");
        try
        {
            var buffer = new byte[BufferSize];
            long copied = 0;
            while (copied < length)
            {
                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - copied)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException("The request body ended before its Content-Length.");
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return BodyRead.Spilled(file, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
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
            if (body.Length + read > MaxBodySize)
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
