using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>HELP [SP String]: lists the commands.</summary>
internal sealed class HelpCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Help;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command) =>
        ValueTask.FromResult(CommandResult.Success(SmtpReplies.Help));
}
