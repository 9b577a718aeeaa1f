namespace Relay.Delivery.Queue;

/// <summary>A signed message to put in the queue: the envelope as received plus where it came from.</summary>
/// <param name="ReversePath">MAIL FROM without angle brackets; empty for the null sender (then failures are never notified).</param>
/// <param name="Recipients">Every RCPT TO, in order.</param>
/// <param name="EightBitMime">Received (and signed) with BODY=8BITMIME.</param>
/// <param name="SmtpUtf8">Received with SMTPUTF8.</param>
/// <param name="AccountId">The submitting account, if any.</param>
/// <param name="Id">The message's id, to be its spool id too; null lets the spool issue one.</param>
public sealed record QueuedMessage(
    string ReversePath, IReadOnlyList<string> Recipients, bool EightBitMime, bool SmtpUtf8, string? AccountId, string? Id = null)
{
    /// <summary>The configuration set the message was sent with, if any; kept in the spool envelope.</summary>
    public string? ConfigurationSetName { get; init; }

    /// <summary>The message tags it was sent with; kept in the spool envelope.</summary>
    public IReadOnlyList<Spool.SpoolMessageTag> MessageTags { get; init; } = [];
}
