namespace Relay.Core.Ingestion;

/// <summary>A message handed to the ingestion path by a front door (SMTP DATA or the API).</summary>
/// <param name="AccountId">The authenticated account that sends it.</param>
/// <param name="ReversePath">MAIL FROM, empty for the null sender.</param>
/// <param name="Recipients">Every RCPT TO, in order.</param>
/// <param name="EightBitMime">Received with BODY=8BITMIME.</param>
/// <param name="SmtpUtf8">Received with SMTPUTF8.</param>
/// <param name="Content">The exact message bytes (CRLF line ends), seekable, at position 0.</param>
/// <param name="FrontDoor">Where it came in ("smtp", "api"), for the log.</param>
public sealed record InboundMessage(
    string AccountId,
    string ReversePath,
    IReadOnlyList<string> Recipients,
    bool EightBitMime,
    bool SmtpUtf8,
    Stream Content,
    string FrontDoor)
{
    /// <summary>A trace field (e.g. Received) with its CRLF, put on top of the message; not covered by the signatures.</summary>
    public string? TraceField { get; init; }

    /// <summary>The id the front door already gave the message (in its Received field, say); null to have one issued.</summary>
    public string? MessageId { get; init; }

    /// <summary>The API's ConfigurationSetName; wins over an X-SES-CONFIGURATION-SET field.</summary>
    public string? ConfigurationSetName { get; init; }

    /// <summary>The API's Tags (v1) or EmailTags (v2), already validated; when given, an X-SES-MESSAGE-TAGS field is ignored.</summary>
    public IReadOnlyList<MessageTag>? Tags { get; init; }
}
