using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>The argument of EHLO and HELO: Domain / address-literal, and nothing else.</summary>
internal static class HelloArgument
{
    public static bool TryParse(CommandLine command, out string clientName)
    {
        var reader = command.ArgumentReader();
        var parsed = DomainGrammar.TryParseDomain(ref reader, allowUtf8: false, out clientName)
            || DomainGrammar.TryParseAddressLiteral(ref reader, out clientName);
        return parsed && reader.End;
    }
}
