namespace Relay.Core.Ingestion;

/// <summary>Why a message's senders were refused: the reply for the client, and the reason for the log line.</summary>
internal sealed record SenderRefusal(int ReplyCode, string EnhancedStatusCode, string Text, string Reason);
