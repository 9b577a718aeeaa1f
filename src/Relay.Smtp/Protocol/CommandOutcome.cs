namespace Relay.Smtp.Protocol;

/// <summary>How a command ended, which picks the next state from its <see cref="SmtpTransition"/>.</summary>
internal enum CommandOutcome
{
    Succeeded,
    Failed,

    /// <summary>The message was handed over or refused after its content arrived: back to Greeted either way.</summary>
    TransactionCompleted,
}
