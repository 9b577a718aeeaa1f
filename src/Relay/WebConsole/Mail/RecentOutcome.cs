namespace Relay.WebConsole.Mail;

/// <summary>One outcome kept for the outcomes page.</summary>
/// <param name="At">When it happened.</param>
/// <param name="AccountId">The sending account; null when the front door had none.</param>
/// <param name="MessageId">The message's id (the spool's, or the one the ingestion path issued).</param>
/// <param name="From">The reverse-path; empty for the null sender.</param>
/// <param name="Recipient">The recipient concerned, or for a whole message (accepted, rejected) how many.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">The reply that said so ("550 5.1.1 User unknown"); null when there is nothing to add.</param>
internal sealed record RecentOutcome(
    DateTimeOffset At, string? AccountId, string MessageId, string From, string Recipient, OutcomeKind Kind, string? Reason);
