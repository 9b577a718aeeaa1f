namespace Relay.Core.Ingestion;

/// <summary>Takes a signed message onward: to the next hop inside the session, or into a durable queue.</summary>
public interface IOutboundDispatcher
{
    Task<DispatchResult> DispatchAsync(string messageId, OutboundEnvelope envelope, Stream signedContent, CancellationToken cancellationToken);
}
