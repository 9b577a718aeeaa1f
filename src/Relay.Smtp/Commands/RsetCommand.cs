using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>RSET: abandons the transaction (the state table moves back to Greeted).</summary>
internal sealed class RsetCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Rset;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command) =>
        ValueTask.FromResult(command.Argument.IsEmpty
            ? CommandResult.Success(SmtpReply.Ok)
            : CommandResult.Failure(SmtpReplies.NoArguments));
}
