using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>One SMTP verb. Commands are stateless; the session carries the state.</summary>
internal abstract class SmtpCommand
{
    public abstract SmtpVerb Verb { get; }

    /// <summary>Runs the command once the state table has allowed it.</summary>
    public abstract ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command);

    /// <summary>
    /// Called instead of <see cref="ExecuteAsync"/> when the state table refuses the command. Returns false when
    /// the session can no longer tell where the next command starts and must close.
    /// </summary>
    public virtual ValueTask<bool> OnRefusedAsync(SmtpSession session, CommandLine command) => ValueTask.FromResult(true);
}
