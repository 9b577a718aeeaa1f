using MimeKit;

namespace Relay.Core.Ingestion;

/// <summary>Reads the single From address that identity resolution keys on.</summary>
internal static class FromHeader
{
    /// <summary>
    /// Reads the header block of <paramref name="content"/> and leaves the stream at position 0.
    /// Returns the address, or null with <paramref name="problem"/> saying why there is none.
    /// </summary>
    public static string? ReadSingleAddress(Stream content, out string problem)
    {
        content.Position = 0;
        HeaderList headers;
        try
        {
            headers = HeaderList.Load(content);
        }
        catch (FormatException)
        {
            problem = "the message header could not be parsed";
            return null;
        }
        finally
        {
            content.Position = 0;
        }

        var fromFields = headers.Where(h => h.Id == HeaderId.From).ToList();
        if (fromFields.Count == 0)
        {
            problem = "the message has no From header";
            return null;
        }

        if (fromFields.Count > 1)
        {
            problem = "the message has more than one From header";
            return null;
        }

        if (!InternetAddressList.TryParse(fromFields[0].Value, out var addresses))
        {
            problem = "the From header could not be parsed";
            return null;
        }

        var mailboxes = addresses.Mailboxes.ToList();
        if (mailboxes.Count != 1 || addresses.Count != 1)
        {
            problem = "the From header must hold exactly one address";
            return null;
        }

        problem = string.Empty;
        return mailboxes[0].Address;
    }
}
