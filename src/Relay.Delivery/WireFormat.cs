using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// The one place in delivery that builds <see cref="FormatOptions"/>: CRLF whatever the platform
/// (<see cref="FormatOptions.Default"/> writes bare LF on Linux), as SMTP carries it.
/// </summary>
internal static class WireFormat
{
    /// <summary>For messages Relay composes itself (bounces).</summary>
    public static FormatOptions ForComposing()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    /// <summary>For messages Relay passes on: nothing hidden (Bcc included), UTF-8 headers only for SMTPUTF8.</summary>
    public static FormatOptions ForRelaying(bool smtpUtf8)
    {
        var options = ForComposing();
        options.International = smtpUtf8;
        options.HiddenHeaders.Clear();
        return options;
    }
}
