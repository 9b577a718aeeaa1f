namespace Relay.Delivery;

/// <summary>
/// The classified end of a forwarding attempt. <see cref="ReplyCode"/>, <see cref="EnhancedStatusCode"/> and
/// <see cref="Text"/> are suitable to hand back to our own SMTP client as the reply to its DATA.
/// </summary>
/// <param name="Outcome">Delivered, temporary failure (4xx) or permanent failure (5xx).</param>
/// <param name="ReplyCode">The three-digit SMTP reply code, e.g. 250, 451 or 550.</param>
/// <param name="EnhancedStatusCode">The RFC 3463 status code, e.g. 2.0.0, 4.4.1 or 5.1.1.</param>
/// <param name="Text">The reply text without code: the next hop's own text where it gave one.</param>
/// <param name="Mailbox">The mailbox the failure concerns (a rejected recipient or sender), if any.</param>
public sealed record ForwardResult(
    ForwardOutcome Outcome,
    int ReplyCode,
    string EnhancedStatusCode,
    string Text,
    string? Mailbox)
{
    /// <summary>True when the next hop accepted the message.</summary>
    public bool Succeeded => Outcome == ForwardOutcome.Delivered;

    internal static ForwardResult Temporary(string enhancedStatusCode, string text, string? mailbox = null) =>
        new(ForwardOutcome.TemporaryFailure, 451, enhancedStatusCode, text, mailbox);

    internal static ForwardResult Permanent(int replyCode, string enhancedStatusCode, string text, string? mailbox = null) =>
        new(ForwardOutcome.PermanentFailure, replyCode, enhancedStatusCode, text, mailbox);

    /// <inheritdoc/>
    public override string ToString() =>
        Mailbox is null
            ? $"{Outcome}: {ReplyCode} {EnhancedStatusCode} {Text}"
            : $"{Outcome}: {ReplyCode} {EnhancedStatusCode} {Text} (mailbox <{Mailbox}>)";
}
