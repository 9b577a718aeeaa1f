using MimeKit;

namespace Relay.Dkim;

/// <summary>
/// A <see cref="MimeMessage"/> made for MimeKit's DKIM signer from a received message:
/// the header fields parsed from their raw bytes (Content-* on the body, where the signer
/// looks) and a body that streams the exact received bytes. Built once per message and
/// reused for every signature; each signing leaves the headers as they were.
/// </summary>
internal sealed class UnsignedMessage : IDisposable
{
    private UnsignedMessage(MimeMessage message, IReadOnlyList<Header> headers)
    {
        Message = message;
        Headers = headers;
    }

    public MimeMessage Message { get; }

    /// <summary>All header fields in received order, Content-* included.</summary>
    public IReadOnlyList<Header> Headers { get; }

    public static async Task<UnsignedMessage> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var section = await HeaderSectionReader.ReadAsync(source, cancellationToken);
        var headers = HeaderFieldParser.Parse(section.Fields);
        if (!headers.Any(header => header.Id == HeaderId.From))
        {
            throw new DkimMessageFormatException("The message has no From header field, which DKIM must sign.");
        }

        var isContent = headers.ToLookup(header => header.Field.StartsWith("Content-", StringComparison.OrdinalIgnoreCase));
        var body = new RawBodyEntity(isContent[true], source, section.BodyOffset, cancellationToken);
        var message = new MimeMessage(isContent[false]) { Body = body };
        return new UnsignedMessage(message, headers);
    }

    public void Dispose() => Message.Dispose();
}
