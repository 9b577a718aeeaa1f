using System.Globalization;
using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>EHLO: "EHLO" SP ( Domain / address-literal ); lists the extensions on offer.</summary>
internal sealed class EhloCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Ehlo;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        if (!HelloArgument.TryParse(command, out var clientName))
        {
            return ValueTask.FromResult(CommandResult.Failure(SmtpReplies.EhloSyntax));
        }

        session.Context.ClientHostName = clientName;
        return ValueTask.FromResult(CommandResult.Success(BuildReply(session, clientName)));
    }

    private static SmtpReply BuildReply(SmtpSession session, string clientName)
    {
        var options = session.Options;
        List<string> lines =
        [
            $"{options.ServerName} greets {clientName}",
            "PIPELINING",
            string.Create(CultureInfo.InvariantCulture, $"SIZE {options.MaxMessageSize}"),
            "8BITMIME",
            "SMTPUTF8",
            "ENHANCEDSTATUSCODES",
            "CHUNKING",
        ];
        if (options.EnableBinaryMime)
        {
            lines.Add("BINARYMIME");
        }

        if (session.IsStartTlsOffered)
        {
            lines.Add("STARTTLS");
        }

        if (session.IsAuthOffered)
        {
            lines.Add("AUTH PLAIN LOGIN");
        }

        // RFC 2034: replies to EHLO carry no enhanced status code.
        return new SmtpReply(250, string.Empty, string.Join('\n', lines));
    }
}
