using MimeKit;

namespace Relay.Core.Ingestion;

/// <summary>The one place that says how Relay writes MIME: CRLF line ends whatever the platform, as SMTP carries them.</summary>
public static class WireFormat
{
    /// <summary>New options each time: FormatOptions is mutable, so no shared instance.</summary>
    public static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    /// <summary>The message as the bytes that go on the wire, in a seekable stream at position 0.</summary>
    public static async Task<MemoryStream> ToStreamAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stream = new MemoryStream();
        await message.WriteToAsync(CreateOptions(), stream, cancellationToken);
        stream.Position = 0;
        return stream;
    }
}
