namespace Relay.Core.Ingestion;

/// <summary>The one ingestion path: every front door (SMTP, API) hands its messages here.</summary>
public interface IMessageIngestion
{
    Task<IngestionResult> IngestAsync(InboundMessage message, CancellationToken cancellationToken);
}
