namespace Relay.Delivery.Spool;

/// <summary>
/// Everything the spool keeps about a message besides its bytes: the SMTP envelope, the flags it was received
/// with, and its delivery state.
/// </summary>
/// <remarks>
/// <see cref="CreatedAt"/> is assigned by <see cref="IMessageSpool.AddAsync"/>, and so is <see cref="Id"/> when it is
/// empty (otherwise the message's own id, issued by the ingestion path, becomes its spool id); the other
/// members change through <see cref="IMessageSpool.UpdateAsync"/> as delivery progresses.
/// </remarks>
public sealed record SpoolEnvelope
{
    /// <summary>The spool id: 32 lowercase hexadecimal digits, sortable by creation time (millisecond resolution).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The reverse-path as received in MAIL FROM, without angle brackets; empty for the null sender.</summary>
    public required string ReversePath { get; init; }

    /// <summary>The recipients, each with its own delivery state.</summary>
    public required IReadOnlyList<SpoolRecipient> Recipients { get; init; }

    /// <summary>The message was received with BODY=8BITMIME.</summary>
    public bool EightBitMime { get; init; }

    /// <summary>The message was received with SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>The account that submitted the message, if known.</summary>
    public string? AccountId { get; init; }

    /// <summary>The configuration set it was sent with (SES ConfigurationSetName or X-SES-CONFIGURATION-SET), if any.</summary>
    public string? ConfigurationSetName { get; init; }

    /// <summary>The message tags it was sent with (SES Tags/EmailTags or X-SES-MESSAGE-TAGS); empty when none.</summary>
    public IReadOnlyList<SpoolMessageTag> MessageTags { get; init; } = [];

    /// <summary>When the spool accepted the message.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How many delivery attempts have been made.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next delivery attempt is due; null means as soon as possible.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The error of the last failed attempt, for operators.</summary>
    public string? LastError { get; init; }

    /// <summary>Every attempt so far, oldest first (empty in envelopes written in format version 1).</summary>
    public IReadOnlyList<SpoolAttempt> History { get; init; } = [];
}
