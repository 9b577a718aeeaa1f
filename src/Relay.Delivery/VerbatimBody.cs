using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// A MIME part with no headers of its own that writes the rest of the message verbatim.
/// </summary>
/// <remarks>
/// It derives from <see cref="MimePart"/> only so that MailKit, which looks for parts whose
/// Content-Transfer-Encoding is 8bit, puts BODY=8BITMIME on MAIL FROM exactly when the message was received that
/// way. Its headers are removed without notifying MimePart, so the encoding stays set while nothing but the
/// received bytes is written. Prepare does nothing: a relay never re-encodes what was signed.
/// </remarks>
internal sealed class VerbatimBody : MimePart
{
    private const int CopyBufferSize = 81920;
    private readonly Stream _content;
    private readonly long _offset;

    public VerbatimBody(Stream content, long offset, bool eightBit)
        : base("application", "octet-stream")
    {
        _content = content;
        _offset = offset;
        if (eightBit)
        {
            ContentTransferEncoding = ContentEncoding.EightBit;
        }

        RemoveHeader("Content-Type");
        RemoveHeader("Content-Transfer-Encoding");
    }

    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _content.Position = _offset;
        _content.CopyTo(stream, CopyBufferSize);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        _content.Position = _offset;
        await _content.CopyToAsync(stream, CopyBufferSize, cancellationToken);
    }
}
