namespace Relay.Delivery.Queue;

/// <summary>What became of one recipient in one attempt: delivered (2xx), retry later (4xx) or failed for good (5xx).</summary>
/// <param name="Outcome">The class of the reply.</param>
/// <param name="ReplyCode">The SMTP reply code, ours (451, 550, …) when the next hop gave none.</param>
/// <param name="EnhancedStatusCode">The RFC 3463 status, e.g. 5.1.1.</param>
/// <param name="Text">The reply text, one clean line.</param>
public sealed record RecipientResult(ForwardOutcome Outcome, int ReplyCode, string EnhancedStatusCode, string Text)
{
    /// <summary>The reply as one line, "550 5.1.1 User unknown".</summary>
    public string Reply => $"{ReplyCode} {EnhancedStatusCode} {Text}";

    /// <summary>True when the next hop gave this reply, false when Relay made it (routing, conversion, time-out).</summary>
    public bool FromNextHop { get; init; }

    /// <summary>
    /// A hard bounce as SES counts them, which puts the address on the account's suppression list: a permanent
    /// refusal by the next hop, or an address Relay found undeliverable itself (5.1.x: no such domain, null MX).
    /// </summary>
    public bool IsHardBounce =>
        Outcome == ForwardOutcome.PermanentFailure && (FromNextHop || EnhancedStatusCode.StartsWith("5.1.", StringComparison.Ordinal));

    /// <summary>A result for what an SMTP server replied: the code decides the class (anything but 2xx/5xx is retried).</summary>
    public static RecipientResult FromReply(int code, string? response)
    {
        var outcome = (code / 100) switch
        {
            2 => ForwardOutcome.Delivered,
            5 => ForwardOutcome.PermanentFailure,
            _ => ForwardOutcome.TemporaryFailure,
        };
        var fallback = outcome switch
        {
            ForwardOutcome.Delivered => "2.0.0",
            ForwardOutcome.PermanentFailure => "5.0.0",
            _ => "4.0.0",
        };
        var (status, text) = NextHopReply.Parse(code, response, fallback);
        return new RecipientResult(outcome, code, status, text) { FromNextHop = true };
    }

    /// <summary>A temporary failure of our own making (4.4.x: could not connect, DNS trouble).</summary>
    public static RecipientResult Temporary(string enhancedStatusCode, string text) =>
        new(ForwardOutcome.TemporaryFailure, 451, enhancedStatusCode, text);

    /// <summary>A permanent failure of our own making (5.1.10 null MX, 5.4.7 expired, …).</summary>
    public static RecipientResult Permanent(int replyCode, string enhancedStatusCode, string text) =>
        new(ForwardOutcome.PermanentFailure, replyCode, enhancedStatusCode, text);

    /// <summary>The classified result of a forwarding failure (<see cref="ForwardFailure"/>).</summary>
    public static RecipientResult From(ForwardResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RecipientResult(result.Outcome, result.ReplyCode, result.EnhancedStatusCode, result.Text);
    }
}
