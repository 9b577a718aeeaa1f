using MimeKit;

namespace Relay.Dkim;

/// <summary>
/// The one place that builds <see cref="FormatOptions"/> for bytes that leave Relay.
/// <see cref="FormatOptions.Default"/> writes bare LF on Linux; SMTP needs CRLF.
/// </summary>
internal static class WireFormat
{
    public static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
