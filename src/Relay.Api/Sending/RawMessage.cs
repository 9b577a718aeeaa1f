using MimeKit;
using Relay.Api.Errors;

namespace Relay.Api.Sending;

/// <summary>
/// The message of SendRawEmail (v1) or Raw content (v2). Unlike SMTP DATA, the message arrives as one bounded blob,
/// so a bare LF (what most files on Unix hold) is only a line end and is written as CRLF; a bare CR has no such
/// reading and is refused.
/// </summary>
internal static class RawMessage
{
    public static byte[] ToWireFormat(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length == 0)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("RawMessage.Data must not be empty."));
        }

        using var output = new MemoryStream(data.Length + (data.Length / 40));
        for (var index = 0; index < data.Length; index++)
        {
            var octet = data[index];
            if (octet == '\r')
            {
                if (index + 1 >= data.Length || data[index + 1] != '\n')
                {
                    throw new ApiException(SesErrors.InvalidParameterValue("The message holds a carriage return that does not end a line."));
                }

                output.Write("\r\n"u8);
                index++;
            }
            else if (octet == '\n')
            {
                output.Write("\r\n"u8);
            }
            else
            {
                output.WriteByte(octet);
            }
        }

        return output.ToArray();
    }

    /// <summary>The header fields SendRawEmail falls back on when Source or Destinations are not given.</summary>
    public static HeaderList Headers(byte[] wire)
    {
        try
        {
            using var stream = new MemoryStream(wire, writable: false);
            return HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("The message header could not be parsed."));
        }
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
