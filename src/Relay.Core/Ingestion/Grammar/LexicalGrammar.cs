using System.Buffers;
using System.Text;
using static Relay.Core.Ingestion.Grammar.MessageCharacters;

namespace Relay.Core.Ingestion.Grammar;

/// <summary>
/// RFC 5322 3.2 lexical tokens over an unfolded field value: FWS, comments, CFWS, atoms and quoted strings.
/// On failure nothing is consumed. The obsolete forms of 4.1 (control characters in text) are refused.
/// </summary>
internal static class LexicalGrammar
{
    /// <summary>Deeper nesting than any real comment; the limit keeps a hostile field from costing more than its length.</summary>
    public const int MaxCommentDepth = 32;

    /// <summary>FWS = 1*WSP once the field is unfolded.</summary>
    public static bool TryParseFws(ref SequenceReader<byte> reader)
    {
        var start = reader.Consumed;
        while (reader.TryPeek(out var b) && IsWsp(b))
        {
            reader.Advance(1);
        }

        return reader.Consumed > start;
    }

    /// <summary>CFWS = (1*([FWS] comment) [FWS]) / FWS.</summary>
    public static bool TryParseCfws(ref SequenceReader<byte> reader)
    {
        var start = reader.Consumed;
        while (true)
        {
            TryParseFws(ref reader);
            if (!TryParseComment(ref reader))
            {
                return reader.Consumed > start;
            }
        }
    }

    /// <summary>
    /// comment = "(" *([FWS] ccontent) [FWS] ")"; ccontent = ctext / quoted-pair / comment.
    /// Nested comments are counted rather than recursed into.
    /// </summary>
    public static bool TryParseComment(ref SequenceReader<byte> reader)
    {
        var start = reader;
        if (!reader.IsNext((byte)'(', advancePast: true))
        {
            return false;
        }

        var depth = 1;
        while (depth > 0)
        {
            if (!reader.TryPeek(out var b))
            {
                reader = start;
                return false;
            }

            if (b == (byte)'(')
            {
                depth++;
                reader.Advance(1);
                if (depth > MaxCommentDepth)
                {
                    reader = start;
                    return false;
                }
            }
            else if (b == (byte)')')
            {
                depth--;
                reader.Advance(1);
            }
            else if (IsWsp(b) || IsCtext(b))
            {
                reader.Advance(1);
            }
            else if (!TryParseQuotedPair(ref reader, out _) && !TryReadUtf8NonAscii(ref reader))
            {
                reader = start;
                return false;
            }
        }

        return true;
    }

    /// <summary>quoted-pair = "\" (VCHAR / WSP); <paramref name="octet"/> is the quoted octet.</summary>
    public static bool TryParseQuotedPair(ref SequenceReader<byte> reader, out byte octet)
    {
        var start = reader;
        if (reader.IsNext((byte)'\\', advancePast: true) && reader.TryRead(out octet) && (IsVchar(octet) || IsWsp(octet)))
        {
            return true;
        }

        reader = start;
        octet = 0;
        return false;
    }

    /// <summary>atom = [CFWS] 1*atext [CFWS]; <paramref name="text"/> is the atext.</summary>
    public static bool TryParseAtom(ref SequenceReader<byte> reader, out string text)
    {
        var start = reader;
        TryParseCfws(ref reader);
        if (!TryParseAtext(ref reader, out text))
        {
            reader = start;
            return false;
        }

        TryParseCfws(ref reader);
        return true;
    }

    /// <summary>dot-atom = [CFWS] dot-atom-text [CFWS]; <paramref name="text"/> is the dot-atom-text.</summary>
    public static bool TryParseDotAtom(ref SequenceReader<byte> reader, out string text)
    {
        var start = reader;
        TryParseCfws(ref reader);
        if (!TryParseDotAtomText(ref reader, out text))
        {
            reader = start;
            return false;
        }

        TryParseCfws(ref reader);
        return true;
    }

    /// <summary>dot-atom-text = 1*atext *("." 1*atext).</summary>
    public static bool TryParseDotAtomText(ref SequenceReader<byte> reader, out string text)
    {
        var start = reader;
        if (!TryParseAtext(ref reader, out _))
        {
            text = string.Empty;
            return false;
        }

        while (true)
        {
            var beforeDot = reader;
            if (!reader.IsNext((byte)'.', advancePast: true) || !TryParseAtext(ref reader, out _))
            {
                reader = beforeDot;
                text = Text(start, reader);
                return true;
            }
        }
    }

    /// <summary>
    /// quoted-string = [CFWS] DQUOTE *([FWS] qcontent) [FWS] DQUOTE [CFWS]; qcontent = qtext / quoted-pair.
    /// <paramref name="content"/> is what the quotes hold, quoted pairs undone.
    /// </summary>
    public static bool TryParseQuotedString(ref SequenceReader<byte> reader, out string content)
    {
        var start = reader;
        content = string.Empty;
        TryParseCfws(ref reader);
        if (!reader.IsNext((byte)'"', advancePast: true))
        {
            reader = start;
            return false;
        }

        var octets = new List<byte>();
        while (true)
        {
            if (!reader.TryPeek(out var b))
            {
                reader = start;
                return false;
            }

            if (b == (byte)'"')
            {
                reader.Advance(1);
                break;
            }

            var before = reader;
            if (IsQtext(b) || IsWsp(b))
            {
                reader.Advance(1);
                octets.Add(b);
            }
            else if (TryParseQuotedPair(ref reader, out var quoted))
            {
                octets.Add(quoted);
            }
            else if (TryReadUtf8NonAscii(ref reader))
            {
                octets.AddRange(before.UnreadSequence.Slice(0, reader.Consumed - before.Consumed).ToArray());
            }
            else
            {
                reader = start;
                return false;
            }
        }

        TryParseCfws(ref reader);
        content = Encoding.UTF8.GetString(octets.ToArray());
        return true;
    }

    /// <summary>word = atom / quoted-string.</summary>
    public static bool TryParseWord(ref SequenceReader<byte> reader) =>
        TryParseAtom(ref reader, out _) || TryParseQuotedString(ref reader, out _);

    private static bool TryParseAtext(ref SequenceReader<byte> reader, out string text)
    {
        var start = reader;
        while (reader.TryPeek(out var b))
        {
            if (IsAtext(b))
            {
                reader.Advance(1);
            }
            else if (!TryReadUtf8NonAscii(ref reader))
            {
                break;
            }
        }

        text = Text(start, reader);
        return reader.Consumed > start.Consumed;
    }

    private static string Text(SequenceReader<byte> start, SequenceReader<byte> end) =>
        Encoding.UTF8.GetString(start.UnreadSequence.Slice(0, end.Consumed - start.Consumed));
}
