using MailKit.Net.Smtp;

namespace Relay.Delivery;

/// <summary>
/// Decides, from what the next hop advertised in EHLO, whether the message can go out unchanged, and with
/// SMTPUTF8 or not. Runs before MAIL FROM so that a refusal sends nothing.
/// </summary>
internal static class NextHopCapabilityGate
{
    /// <summary>Returns a refusal, or whether to request SMTPUTF8 (MailKit's FormatOptions.International).</summary>
    public static async Task<(ForwardResult? Refusal, bool UseSmtpUtf8)> CheckAsync(
        SmtpCapabilities capabilities, OutboundMessage message, Envelope envelope, CancellationToken cancellationToken)
    {
        var eightBitMime = capabilities.HasFlag(SmtpCapabilities.EightBitMime);
        if (message.EightBitMime && !eightBitMime)
        {
            // Ingestion converts before signing when the probe says so; this is the safety net for a hop whose
            // capabilities changed since. Converting here would break the signatures.
            return (ForwardResult.Permanent(554, "5.6.3", "Conversion to 7-bit required but not supported"), false);
        }

        // RFC 6531 requires 8BITMIME alongside SMTPUTF8, and MailKit refuses International without it.
        var smtpUtf8 = eightBitMime && capabilities.HasFlag(SmtpCapabilities.UTF8);
        if (!message.SmtpUtf8 || smtpUtf8)
        {
            return (null, message.SmtpUtf8);
        }

        if (envelope.HasNonAsciiAddress && !envelope.HasAsciiForm)
        {
            return (ForwardResult.Permanent(553, "5.6.7",
                "Non-ASCII addresses not permitted: the next hop does not support SMTPUTF8, and a local part is not ASCII"), false);
        }

        if (await HeaderSection.ContainsNonAsciiAsync(message.Content, cancellationToken))
        {
            return (ForwardResult.Permanent(
                554, "5.6.9", "UTF-8 header fields cannot be transferred: the next hop does not support SMTPUTF8"), false);
        }

        // Nothing in the envelope (once its domains are A-labels, as MailKit writes them without SMTPUTF8) or the
        // header needs SMTPUTF8, so RFC 6531 lets us send without it.
        return (null, false);
    }
}
