using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>VRFY SP String: never confirms an address (RFC 5321 3.5.3: 252).</summary>
internal sealed class VrfyCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Vrfy;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command) =>
        ValueTask.FromResult(command.Argument.IsEmpty
            ? CommandResult.Failure(SmtpReplies.VrfySyntax)
            : CommandResult.Success(SmtpReplies.CannotVerify));
}
