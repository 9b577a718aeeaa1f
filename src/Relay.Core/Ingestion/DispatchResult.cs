namespace Relay.Core.Ingestion;

/// <summary>What the next step (forwarding now, the spool later) said about a signed message.</summary>
public sealed record DispatchResult(IngestionOutcome Outcome, int ReplyCode, string EnhancedStatusCode, string Text);
