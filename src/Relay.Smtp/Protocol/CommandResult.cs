namespace Relay.Smtp.Protocol;

/// <summary>What a command did.</summary>
/// <param name="Reply">The final reply, or null when the command has already answered (STARTTLS).</param>
/// <param name="Outcome">Picks the next state.</param>
/// <param name="CloseConnection">Close the connection after the reply.</param>
internal readonly record struct CommandResult(SmtpReply? Reply, CommandOutcome Outcome, bool CloseConnection = false)
{
    public static CommandResult Success(SmtpReply reply) => new(reply, CommandOutcome.Succeeded);

    public static CommandResult Failure(SmtpReply reply) => new(reply, CommandOutcome.Failed);

    /// <summary>Success for a 2xx reply, failure otherwise (replies from the policy seam).</summary>
    public static CommandResult From(SmtpReply reply) => reply.IsPositive ? Success(reply) : Failure(reply);

    public static CommandResult Completed(SmtpReply reply) => new(reply, CommandOutcome.TransactionCompleted);

    public static CommandResult Close(SmtpReply? reply) => new(reply, CommandOutcome.Failed, CloseConnection: true);
}
