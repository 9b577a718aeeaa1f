namespace Relay.Core.Ingestion;

/// <summary>The verdict on one message, worded so a front door can hand it to its client as it is.</summary>
public sealed record IngestionResult(IngestionOutcome Outcome, int ReplyCode, string EnhancedStatusCode, string Text, string MessageId);
