namespace Relay.Delivery;

/// <summary>Hands a received, signed message to the next hop.</summary>
public interface IMessageForwarder
{
    /// <summary>
    /// Forwards <paramref name="message"/> with its envelope and its exact bytes.
    /// Failures of the next hop are returned as a classified <see cref="ForwardResult"/>, not thrown;
    /// cancellation is thrown as <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<ForwardResult> ForwardAsync(OutboundMessage message, CancellationToken cancellationToken);
}
