using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>NOOP [SP String]: does nothing, successfully.</summary>
internal sealed class NoopCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Noop;

    public override ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command) =>
        ValueTask.FromResult(CommandResult.Success(SmtpReply.Ok));
}
