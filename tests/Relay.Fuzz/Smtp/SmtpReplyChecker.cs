using System.Text;

namespace Relay.Fuzz.Smtp;

/// <summary>
/// Reads what the server sent as SMTP replies (RFC 5321 4.2) and names the first rule broken: CRLF-ended lines of
/// three digits (200–599), '-' or ' ', then text without control characters; one code across a multi-line reply; an
/// RFC 3463 enhanced code whose class is the code's first digit, except where RFC 2034 leaves it out (the greeting,
/// EHLO/HELO replies and their syntax errors, 3xx).
/// </summary>
internal static class SmtpReplyChecker
{
    public static string? Check(ReadOnlySpan<byte> output, string serverName, out List<(int Code, string EnhancedCode, string Text)> replies)
    {
        replies = [];
        var position = 0;
        var lineNumber = 0;
        int? openCode = null;
        while (position < output.Length)
        {
            var end = output[position..].IndexOf("\r\n"u8);
            if (end < 0)
            {
                return $"reply line without CRLF: '{Preview.Of(output[position..], 80)}'";
            }

            var line = output.Slice(position, end);
            position += end + 2;
            lineNumber++;
            if (line.Length < 4 || !IsDigit(line[0], '2', '5') || !IsDigit(line[1], '0', '9') || !IsDigit(line[2], '0', '9')
                || line[3] is not ((byte)' ' or (byte)'-'))
            {
                return $"reply line {lineNumber} is not 'ddd-' or 'ddd ': '{Preview.Of(line, 80)}'";
            }

            foreach (var octet in line[4..])
            {
                if (octet < 0x20 || octet == 0x7F)
                {
                    return $"reply line {lineNumber} holds control octet 0x{octet:X2}: '{Preview.Of(line, 80)}'";
                }
            }

            var code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
            if (openCode is { } open && open != code)
            {
                return $"multi-line reply changes code from {open} to {code}";
            }

            var text = Encoding.UTF8.GetString(line[4..]);
            var (enhanced, rest) = SplitEnhancedCode(text);
            if (enhanced.Length == 0 && !MayLackEnhancedCode(code, rest, replies.Count, serverName))
            {
                return $"reply '{Preview.Of(line, 80)}' has no enhanced status code";
            }

            if (enhanced.Length > 0 && enhanced[0] - '0' != code / 100)
            {
                return $"reply '{Preview.Of(line, 80)}': enhanced code class differs from the reply code";
            }

            if (line[3] == (byte)'-')
            {
                openCode = code;
                continue;
            }

            openCode = null;
            replies.Add((code, enhanced, rest));
        }

        return openCode is null ? null : "the last multi-line reply never ends";
    }

    private static bool MayLackEnhancedCode(int code, string text, int repliesBefore, string serverName) =>
        code / 100 == 3
        || (repliesBefore == 0 && code == 220)
        || (code == 250 && (text == serverName || text.StartsWith(serverName + " ", StringComparison.Ordinal) || IsEhloKeyword(text)))
        || (code == 501 && (text.StartsWith("Syntax: EHLO", StringComparison.Ordinal) || text.StartsWith("Syntax: HELO", StringComparison.Ordinal)));

    // EHLO's continuation and last lines are keywords (RFC 5321 4.1.1.1): upper-case letters, digits, '-' and parameters.
    private static bool IsEhloKeyword(string text) =>
        text.Length > 0 && text.Split(' ')[0].All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-');

    private static (string Enhanced, string Remainder) SplitEnhancedCode(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? text : text[..space];
        var parts = first.Split('.');
        var isEnhanced = parts.Length == 3
            && parts[0] is "2" or "4" or "5"
            && parts.Skip(1).All(part => part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0'));
        return isEnhanced ? (first, space < 0 ? string.Empty : text[(space + 1)..]) : (string.Empty, text);
    }

    private static bool IsDigit(byte octet, char low, char high) => octet >= low && octet <= high;
}
