using System.Buffers;
using MimeKit;

namespace Relay.Dkim;

/// <summary>
/// The message body as MimeKit's DKIM signer sees it: the exact bytes after the header
/// section, read from the source stream on each write and never parsed or re-serialised,
/// so the body hash is over the bytes that are sent. Carries the top-level Content-* fields,
/// where <see cref="MimeKit.Cryptography.DkimSigner"/> looks for them.
/// </summary>
internal sealed class RawBodyEntity : MimeEntity
{
    private const int ChunkSize = 64 * 1024;

    private readonly Stream _source;
    private readonly long _offset;
    private readonly long _length;
    private readonly CancellationToken _cancellationToken;

    public RawBodyEntity(IEnumerable<Header> contentHeaders, Stream source, long offset, CancellationToken cancellationToken)
        : base(new ContentType("application", "octet-stream"))
    {
        // The base constructor adds a serialised Content-Type; only the received fields may be signed.
        Headers.Clear();
        foreach (var header in contentHeaders)
        {
            Headers.Add(header);
        }

        _source = source;
        _offset = offset;
        _length = source.Length - offset;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The body goes out as received; there is nothing to re-encode.</summary>
    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
    }

    /// <summary>Writes the exact body bytes (MimeKit's signer calls this synchronously, with contentOnly).</summary>
    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        base.WriteTo(options, stream, contentOnly, cancellationToken);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellationToken);
        var guard = new LineEndingGuard(_offset);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            _source.Position = _offset;
            var remaining = _length;
            while (remaining > 0)
            {
                linked.Token.ThrowIfCancellationRequested();
                var read = _source.Read(buffer, 0, (int)Math.Min(ChunkSize, remaining));
                if (read == 0)
                {
                    throw new EndOfStreamException("The message stream ended before its body was read.");
                }

                guard.Check(buffer.AsSpan(0, read));
                stream.Write(buffer, 0, read);
                remaining -= read;
            }

            guard.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Only MimeKit's DKIM signer writes this entity, and it writes synchronously.</summary>
    public override Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The raw message body is written only by the DKIM signer, synchronously.");
}
