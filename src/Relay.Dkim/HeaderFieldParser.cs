using System.Text;
using MimeKit;

namespace Relay.Dkim;

/// <summary>
/// Splits a header section into fields the way RFC 5322 and DKIM verifiers do (a line that
/// starts with SP or HTAB continues the field before it), each checked by MimeKit's header parser
/// and kept as its raw bytes for canonicalisation.
/// </summary>
internal static class HeaderFieldParser
{
    public static List<ReceivedField> Parse(byte[] section)
    {
        var headers = new List<ReceivedField>();
        var fieldStart = -1;
        var fieldLine = 0;
        var lineStart = 0;
        var lineNumber = 1;
        while (lineStart < section.Length)
        {
            var lf = Array.IndexOf(section, (byte)'\n', lineStart);
            var lineEnd = lf < 0 ? section.Length : lf + 1;
            if (IsBlank(section[lineStart]))
            {
                if (fieldStart < 0)
                {
                    throw new DkimMessageFormatException(
                        "The message's first header line begins with white space, a continuation of no field.");
                }
            }
            else
            {
                if (fieldStart >= 0)
                {
                    headers.Add(ParseField(section, fieldStart, lineStart, fieldLine));
                }

                fieldStart = lineStart;
                fieldLine = lineNumber;
            }

            lineStart = lineEnd;
            lineNumber++;
        }

        if (fieldStart >= 0)
        {
            headers.Add(ParseField(section, fieldStart, section.Length, fieldLine));
        }

        return headers;
    }

    private static ReceivedField ParseField(byte[] section, int start, int end, int lineNumber)
    {
        // field-name = 1*ftext (printable ASCII but ':'), then the obsolete WSP before ':' that RFC 5322 allows.
        var index = start;
        while (index < end && section[index] is >= 33 and <= 126 and not (byte)':')
        {
            index++;
        }

        var nameLength = index - start;
        while (index < end && IsBlank(section[index]))
        {
            index++;
        }

        if (nameLength == 0 || index >= end || section[index] != (byte)':'
            || !Header.TryParse(ParserOptions.Default, section, start, end - start, out var header))
        {
            throw new DkimMessageFormatException(
                $"Header line {lineNumber} is not a header field (name, then ':'): \"{Describe(section, start, end)}\".");
        }

        return new ReceivedField(header.Field, section.AsMemory(start, end - start));
    }

    private static bool IsBlank(byte value) => value is (byte)' ' or (byte)'\t';

    private static string Describe(byte[] section, int start, int end)
    {
        const int MaxShown = 60;
        var builder = new StringBuilder();
        for (var i = start; i < end && builder.Length < MaxShown; i++)
        {
            var b = section[i];
            builder.Append(b is >= 32 and < 127 ? (char)b : '?');
        }

        return builder.ToString();
    }
}
