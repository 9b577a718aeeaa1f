using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>
/// STARTTLS (RFC 3207): 220, then the handshake. Plaintext pipelined behind the command is discarded, and the
/// state table sends the session back to NotGreeted.
/// </summary>
internal sealed class StartTlsCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.StartTls;

    public override async ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        if (!command.Argument.IsEmpty)
        {
            return CommandResult.Failure(SmtpReplies.NoArguments);
        }

        session.Reply(SmtpReplies.ReadyToStartTls);
        await session.StartTlsAsync();
        return new CommandResult(null, CommandOutcome.Succeeded);
    }
}
