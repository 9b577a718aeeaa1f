using System.Text;
using System.Text.RegularExpressions;

namespace Relay.Delivery;

/// <summary>Splits a next hop's reply text into its RFC 3463 status code and a single clean line of text.</summary>
internal static partial class NextHopReply
{
    /// <summary>Long enough for any useful diagnostic, short enough for a 512-octet reply line.</summary>
    internal const int MaxTextLength = 400;

    /// <summary>
    /// Returns the enhanced status code the next hop gave (when its class matches <paramref name="replyCode"/>),
    /// else <paramref name="fallbackStatus"/>, and the text without status codes, line breaks or control characters.
    /// </summary>
    public static (string EnhancedStatusCode, string Text) Parse(int replyCode, string? response, string fallbackStatus)
    {
        var lines = (response ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string? status = null;
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var match = EnhancedStatus().Match(line);
            var rest = line;
            if (match.Success && match.Groups["class"].Value[0] == (char)('0' + (replyCode / 100)))
            {
                status ??= match.Groups["code"].Value;
                rest = line[match.Length..];
            }

            AppendClean(text, rest);
        }

        return (status ?? fallbackStatus, Truncate(text.ToString().Trim()));
    }

    /// <summary>Makes arbitrary text (exception messages, replies) safe for one SMTP reply line.</summary>
    public static string Clean(string? text)
    {
        var builder = new StringBuilder();
        AppendClean(builder, text ?? string.Empty);
        return Truncate(builder.ToString().Trim());
    }

    private static void AppendClean(StringBuilder builder, string text)
    {
        if (builder.Length > 0 && text.Length > 0)
        {
            builder.Append(' ');
        }

        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
    }

    private static string Truncate(string text) =>
        text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 3), "...");

    [GeneratedRegex(@"^(?<code>(?<class>[245])\.\d{1,3}\.\d{1,3})(?:\s+|$)", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedStatus();
}
