namespace Relay.Core.Ingestion;

/// <summary>How a message left the ingestion path; maps onto SMTP 2xx, 4xx and 5xx.</summary>
public enum IngestionOutcome
{
    Accepted,
    TemporaryFailure,
    PermanentFailure,
}
