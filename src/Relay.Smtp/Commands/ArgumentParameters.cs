using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Commands;

/// <summary>The optional [SP parameters] tail of MAIL FROM and RCPT TO.</summary>
internal static class ArgumentParameters
{
    /// <summary>False when something follows the path that is not a space-separated parameter list.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out IReadOnlyList<EsmtpParameter> parameters)
    {
        parameters = [];
        if (reader.End)
        {
            return true;
        }

        return SmtpCharacters.SkipSpaces(ref reader) > 0
            && ParameterGrammar.TryParseMailParameters(ref reader, out parameters)
            && reader.End;
    }
}
