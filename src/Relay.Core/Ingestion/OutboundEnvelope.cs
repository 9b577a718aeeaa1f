namespace Relay.Core.Ingestion;

/// <summary>The envelope that leaves Relay: exactly the one that came in, and the account that sent it.</summary>
public sealed record OutboundEnvelope(
    string ReversePath, IReadOnlyList<string> Recipients, bool EightBitMime, bool SmtpUtf8, string? AccountId = null)
{
    /// <summary>The configuration set the message was sent with (API parameter or X-SES-CONFIGURATION-SET), if any.</summary>
    public string? ConfigurationSetName { get; init; }

    /// <summary>The message's tags (API parameters or X-SES-MESSAGE-TAGS), for event publishing.</summary>
    public IReadOnlyList<MessageTag> Tags { get; init; } = [];
}
