using System.Buffers;
using static Relay.Smtp.Grammar.SmtpCharacters;

namespace Relay.Smtp.Grammar;

/// <summary>RFC 5321 4.1.2 ESMTP parameter productions. On failure nothing is consumed.</summary>
internal static class ParameterGrammar
{
    /// <summary>
    /// Mail-parameters = esmtp-param *(SP esmtp-param) (Rcpt-parameters has the same shape).
    /// Runs of spaces between parameters are tolerated.
    /// </summary>
    public static bool TryParseMailParameters(ref SequenceReader<byte> reader, out IReadOnlyList<EsmtpParameter> parameters)
    {
        var start = reader;
        var list = new List<EsmtpParameter>();
        parameters = list;
        do
        {
            if (!TryParseEsmtpParam(ref reader, out var parameter))
            {
                reader = start;
                list.Clear();
                return false;
            }

            list.Add(parameter);
        }
        while (SkipSpaces(ref reader) > 0 && !reader.End);

        return true;
    }

    /// <summary>esmtp-param = esmtp-keyword ["=" esmtp-value].</summary>
    public static bool TryParseEsmtpParam(ref SequenceReader<byte> reader, out EsmtpParameter parameter)
    {
        var start = reader;
        parameter = default;
        if (!TryParseEsmtpKeyword(ref reader, out var keyword))
        {
            return false;
        }

        string? value = null;
        if (reader.IsNext((byte)'=', advancePast: true) && !TryParseEsmtpValue(ref reader, out value))
        {
            reader = start;
            return false;
        }

        if (reader.TryPeek(out var next) && next != Space)
        {
            reader = start;
            return false;
        }

        parameter = new EsmtpParameter(keyword, value);
        return true;
    }

    /// <summary>esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-").</summary>
    public static bool TryParseEsmtpKeyword(ref SequenceReader<byte> reader, out string keyword)
    {
        var start = reader.Position;
        keyword = string.Empty;
        if (!reader.TryPeek(out var first) || !IsLetDig(first))
        {
            return false;
        }

        while (reader.TryPeek(out var b) && (IsLetDig(b) || b == (byte)'-'))
        {
            reader.Advance(1);
        }

        keyword = Text(reader, start);
        return true;
    }

    /// <summary>esmtp-value = 1*(%d33-60 / %d62-126) (RFC 6531: =/ UTF8-non-ascii).</summary>
    public static bool TryParseEsmtpValue(ref SequenceReader<byte> reader, out string value)
    {
        var start = reader.Position;
        var startConsumed = reader.Consumed;
        value = string.Empty;
        while (reader.TryPeek(out var b))
        {
            if (IsEsmtpValueChar(b))
            {
                reader.Advance(1);
            }
            else if (!TryReadUtf8NonAscii(ref reader))
            {
                break;
            }
        }

        if (reader.Consumed == startConsumed)
        {
            return false;
        }

        value = Text(reader, start);
        return true;
    }
}
