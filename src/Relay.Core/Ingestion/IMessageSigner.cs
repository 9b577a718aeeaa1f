namespace Relay.Core.Ingestion;

/// <summary>Writes the signature header fields and then the exact source bytes to the destination.</summary>
public interface IMessageSigner
{
    Task SignAsync(Stream source, IReadOnlyList<SignatureSpec> signatures, Stream destination, CancellationToken cancellationToken);
}
