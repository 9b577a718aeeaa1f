using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>HELO: "HELO" SP Domain; the plain RFC 821 greeting (address literals are tolerated too).</summary>
internal sealed class HeloCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Helo;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        if (!HelloArgument.TryParse(command, out var clientName))
        {
            return ValueTask.FromResult(CommandResult.Failure(SmtpReplies.HeloSyntax));
        }

        session.Context.ClientHostName = clientName;
        return ValueTask.FromResult(CommandResult.Success(SmtpReplies.Helo(session.Options.ServerName)));
    }
}
