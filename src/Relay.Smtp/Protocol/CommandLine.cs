using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Protocol;

/// <summary>A command line split into its verb and argument (the text after the verb, surrounding spaces removed).</summary>
internal readonly record struct CommandLine(SmtpVerb Verb, ReadOnlyMemory<byte> Argument)
{
    private const int LongestVerb = 8;

    /// <summary>Splits <paramref name="line"/> (without its line end). False for an unknown or malformed verb.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> line, out CommandLine command)
    {
        command = default;
        var span = line.Span;
        var verbLength = span.IndexOf(SmtpCharacters.Space);
        if (verbLength < 0)
        {
            verbLength = span.Length;
        }

        if (verbLength is 0 or > LongestVerb || !TryParseVerb(span[..verbLength], out var verb))
        {
            return false;
        }

        var argument = line[verbLength..];
        var trimmed = argument.Span;
        var leading = trimmed.Length - trimmed.TrimStart(SmtpCharacters.Space).Length;
        var trailing = trimmed.Length - trimmed.TrimEnd(SmtpCharacters.Space).Length;
        argument = leading == argument.Length ? ReadOnlyMemory<byte>.Empty : argument[leading..^trailing];
        command = new CommandLine(verb, argument);
        return true;
    }

    /// <summary>A reader over the argument, for the grammar methods.</summary>
    public SequenceReader<byte> ArgumentReader() => new(new ReadOnlySequence<byte>(Argument));

    private static bool TryParseVerb(ReadOnlySpan<byte> text, out SmtpVerb verb)
    {
        Span<char> upper = stackalloc char[LongestVerb];
        for (var i = 0; i < text.Length; i++)
        {
            if (!SmtpCharacters.IsAlpha(text[i]))
            {
                verb = default;
                return false;
            }

            upper[i] = char.ToUpperInvariant((char)text[i]);
        }

        SmtpVerb? found = (ReadOnlySpan<char>)upper[..text.Length] switch
        {
            "EHLO" => SmtpVerb.Ehlo,
            "HELO" => SmtpVerb.Helo,
            "MAIL" => SmtpVerb.Mail,
            "RCPT" => SmtpVerb.Rcpt,
            "DATA" => SmtpVerb.Data,
            "BDAT" => SmtpVerb.Bdat,
            "RSET" => SmtpVerb.Rset,
            "NOOP" => SmtpVerb.Noop,
            "QUIT" => SmtpVerb.Quit,
            "VRFY" => SmtpVerb.Vrfy,
            "HELP" => SmtpVerb.Help,
            "STARTTLS" => SmtpVerb.StartTls,
            "AUTH" => SmtpVerb.Auth,
            _ => null,
        };
        verb = found.GetValueOrDefault();
        return found.HasValue;
    }
}
