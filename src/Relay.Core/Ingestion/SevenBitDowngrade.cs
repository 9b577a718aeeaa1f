using MimeKit;

namespace Relay.Core.Ingestion;

/// <summary>
/// Makes an 8-bit message 7-bit for a next hop without 8BITMIME (RFC 6152), before it is signed: every leaf part
/// labelled 8bit or binary, or holding 8-bit octets under a 7bit label, is re-encoded, text/* as quoted-printable and
/// anything else as base64. Parts that are already 7-bit and every header field stay as they were received.
/// </summary>
/// <remarks>
/// MimeKit's <c>MimeEntity.Prepare(EncodingConstraint.SevenBit)</c> would do much the same, but it picks between
/// quoted-printable and base64 by the content, so a text part could become unreadable base64; the rule here is fixed.
/// Output is written with CRLF line ends (MimeKit writes LF on Linux by default) into a buffer from
/// <see cref="ContentBufferFactory"/>.
/// </remarks>
internal sealed class SevenBitDowngrade(ContentBufferFactory buffers)
{
    private const string SevenBitLabel = "7bit";

    /// <summary>Converts <paramref name="source"/> (seekable, CRLF) or says why it cannot; leaves the source at position 0.</summary>
    public async Task<SevenBitDowngradeResult> ConvertAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!await EightBitOctets.InAsync(source, cancellationToken))
        {
            return SevenBitDowngradeResult.Unchanged;
        }

        MimeMessage message;
        try
        {
            // Persistent: part contents stay in the source stream instead of being copied into memory.
            message = await new MimeParser(source, MimeFormat.Entity, persistent: true).ParseMessageAsync(cancellationToken);
        }
        catch (FormatException)
        {
            source.Position = 0;
            return SevenBitDowngradeResult.Refused(SevenBitDowngradeOutcome.NotConvertible, "the message could not be parsed as MIME");
        }

        using (message)
        {
            return await ConvertAsync(source, message, cancellationToken);
        }
    }

    private async Task<SevenBitDowngradeResult> ConvertAsync(Stream source, MimeMessage message, CancellationToken cancellationToken)
    {
        var converted = await ConvertPartsAsync(message, cancellationToken);
        if (converted is null)
        {
            source.Position = 0;
            return SevenBitDowngradeResult.Refused(
                SevenBitDowngradeOutcome.EightBitHeader, "a header field holds 8-bit octets (an internationalized message)");
        }

        // Quoted-printable and base64 mean nothing to a reader that does not know the message is MIME.
        if (converted > 0 && !message.Headers.Contains(HeaderId.MimeVersion))
        {
            message.Headers.Add(HeaderId.MimeVersion, "1.0");
        }

        var output = buffers.Create(source.Length);
        try
        {
            var format = WireFormat.CreateOptions();
            format.HiddenHeaders.Clear();
            await message.WriteToAsync(format, output, cancellationToken);
            source.Position = 0;
            if (await EightBitOctets.InAsync(output, cancellationToken))
            {
                await output.DisposeAsync();
                return SevenBitDowngradeResult.Refused(
                    SevenBitDowngradeOutcome.NotConvertible,
                    "8-bit octets outside any part that a transfer encoding can carry (a preamble, epilogue or malformed part)");
            }

            return new SevenBitDowngradeResult(SevenBitDowngradeOutcome.Converted, output, converted.Value, string.Empty);
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    /// <summary>Re-encodes the 8-bit leaves under <paramref name="message"/> and counts them; null when a header field is 8-bit.</summary>
    private static async Task<int?> ConvertPartsAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (HasEightBitField(message.Headers))
        {
            return null;
        }

        return message.Body is null ? 0 : await ConvertPartsAsync(message.Body, cancellationToken);
    }

    private static async Task<int?> ConvertPartsAsync(MimeEntity entity, CancellationToken cancellationToken)
    {
        if (HasEightBitField(entity.Headers))
        {
            return null;
        }

        switch (entity)
        {
            case Multipart multipart:
                RelabelComposite(multipart);
                var total = 0;
                foreach (var child in multipart)
                {
                    var converted = await ConvertPartsAsync(child, cancellationToken);
                    if (converted is null)
                    {
                        return null;
                    }

                    total += converted.Value;
                }

                return total;

            case MessagePart { Message: { } inner } messagePart:
                RelabelComposite(messagePart);
                return await ConvertPartsAsync(inner, cancellationToken);

            case MimePart part when await NeedsEncodingAsync(part, cancellationToken):
                part.ContentTransferEncoding = part.ContentType.IsMimeType("text", "*")
                    ? ContentEncoding.QuotedPrintable
                    : ContentEncoding.Base64;
                return 1;

            default:
                return 0;
        }
    }

    private static async Task<bool> NeedsEncodingAsync(MimePart part, CancellationToken cancellationToken) =>
        part.ContentTransferEncoding switch
        {
            ContentEncoding.EightBit or ContentEncoding.Binary => true,
            ContentEncoding.Default or ContentEncoding.SevenBit =>
                part.Content is { Stream: { } content } && await EightBitOctets.InAsync(content, cancellationToken),
            _ => false,
        };

    /// <summary>RFC 2045 6.4: a multipart or message may only be labelled with the encoding its contents now have.</summary>
    private static void RelabelComposite(MimeEntity entity)
    {
        var label = entity.Headers[HeaderId.ContentTransferEncoding];
        if (label is not null && !label.Trim().Equals(SevenBitLabel, StringComparison.OrdinalIgnoreCase))
        {
            entity.Headers[HeaderId.ContentTransferEncoding] = SevenBitLabel;
        }
    }

    private static bool HasEightBitField(HeaderList headers) =>
        headers.Any(h => EightBitOctets.In(h.RawField) || EightBitOctets.In(h.RawValue));
}
