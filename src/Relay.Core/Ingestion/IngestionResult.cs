namespace Relay.Core.Ingestion;

/// <summary>The verdict on one message, worded so a front door can hand it to its client as it is.</summary>
public sealed record IngestionResult(IngestionOutcome Outcome, int ReplyCode, string EnhancedStatusCode, string Text, string MessageId)
{
    /// <summary>Set when the account's sending quota refused the message (a temporary failure, 454 4.7.0).</summary>
    public Quotas.SendingLimit? ExceededLimit { get; init; }
}
