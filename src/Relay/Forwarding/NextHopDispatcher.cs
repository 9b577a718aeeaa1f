using Relay.Core.Ingestion;
using Relay.Delivery;

namespace Relay.Forwarding;

/// <summary>Forwards inside the client's session: the client's reply is the next hop's verdict, so nothing is lost.</summary>
internal sealed class NextHopDispatcher(IMessageForwarder forwarder) : IOutboundDispatcher
{
    public async Task<DispatchResult> DispatchAsync(
        string messageId, OutboundEnvelope envelope, Stream signedContent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var message = new OutboundMessage(envelope.ReversePath, envelope.Recipients, envelope.EightBitMime, envelope.SmtpUtf8, signedContent);
        var result = await forwarder.ForwardAsync(message, cancellationToken);
        var outcome = result.Outcome switch
        {
            ForwardOutcome.Delivered => IngestionOutcome.Accepted,
            ForwardOutcome.TemporaryFailure => IngestionOutcome.TemporaryFailure,
            _ => IngestionOutcome.PermanentFailure,
        };
        return new DispatchResult(outcome, result.ReplyCode, result.EnhancedStatusCode, result.Text);
    }
}
