using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>QUIT: 221, then the server closes the connection.</summary>
internal sealed class QuitCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Quit;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command) =>
        ValueTask.FromResult(command.Argument.IsEmpty
            ? CommandResult.Close(SmtpReplies.Bye)
            : CommandResult.Failure(SmtpReplies.NoArguments));
}
