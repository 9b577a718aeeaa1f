using MimeKit;
using Relay.Api.Errors;

namespace Relay.Api.Sending;

/// <summary>
/// The message of SendRawEmail (v1) or Raw content (v2). Unlike SMTP DATA, the message arrives as one bounded blob,
/// so a bare LF (what most files on Unix hold) is only a line end and is written as CRLF; a bare CR has no such
/// reading and is refused (<see cref="LineEndNormalizer"/>). A large SendRawEmail message is converted from one
/// temporary file to another, never held in memory.
/// </summary>
internal static class RawMessage
{
    private const int ChunkSize = 16 * 1024;

    public static byte[] ToWireFormat(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var normalizer = new LineEndNormalizer();
        using var wire = new MemoryStream(data.Length + (data.Length / 40));
        var output = new byte[LineEndNormalizer.MaxOutputLength(ChunkSize)];
        for (var offset = 0; offset < data.Length; offset += ChunkSize)
        {
            var written = normalizer.Convert(data.AsSpan(offset, Math.Min(ChunkSize, data.Length - offset)), output);
            wire.Write(output, 0, written);
        }

        normalizer.Complete();
        return wire.ToArray();
    }

    /// <summary>
    /// The same for a message in a stream, written to <paramref name="wire"/> a chunk at a time.
    /// </summary>
    /// <returns>Whether the message holds octets above 0x7F.</returns>
    public static async Task<bool> ToWireFormatAsync(Stream data, Stream wire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(wire);
        var normalizer = new LineEndNormalizer();
        var input = new byte[ChunkSize];
        var output = new byte[LineEndNormalizer.MaxOutputLength(ChunkSize)];
        int read;
        while ((read = await data.ReadAsync(input, cancellationToken)) > 0)
        {
            var written = normalizer.Convert(input.AsSpan(0, read), output);
            await wire.WriteAsync(output.AsMemory(0, written), cancellationToken);
        }

        normalizer.Complete();
        return normalizer.SawEightBit;
    }

    /// <summary>The header fields SendRawEmail falls back on, read from the start of <paramref name="wire"/>, which is then rewound.</summary>
    public static HeaderList Headers(Stream wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        try
        {
            return HeaderList.Load(wire);
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("The message header could not be parsed."));
        }
        finally
        {
            wire.Position = 0;
        }
    }

    /// <summary>The header fields SendRawEmail falls back on when Source or Destinations are not given.</summary>
    public static HeaderList Headers(byte[] wire)
    {
        using var stream = new MemoryStream(wire, writable: false);
        return Headers(stream);
    }

    /// <summary>Every address in the To, Cc and Bcc fields.</summary>
    public static IReadOnlyList<string> Recipients(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers
            .Where(header => header.Id is HeaderId.To or HeaderId.Cc or HeaderId.Bcc)
            .SelectMany(header => InternetAddressList.TryParse(header.Value, out var list) ? list.Mailboxes : [])
            .Select(mailbox => mailbox.Address)
            .ToList();
    }

    /// <summary>Return-Path, else the From address; null when neither names one.</summary>
    public static string? Sender(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var id in new[] { HeaderId.ReturnPath, HeaderId.From })
        {
            if (headers[id] is { } value && InternetAddressList.TryParse(value, out var list) && list.Mailboxes.FirstOrDefault() is { } mailbox)
            {
                return mailbox.Address;
            }
        }

        return null;
    }
}
