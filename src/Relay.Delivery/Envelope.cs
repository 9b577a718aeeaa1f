using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// The SMTP envelope as MailKit objects, built so that MailKit writes each address exactly as received.
/// </summary>
/// <remarks>
/// MailKit drops recipients that differ only in case (as it does itself), so the list is de-duplicated here
/// first and the recipient hooks in <see cref="RelaySmtpClient"/> see the same list MailKit sends.
/// </remarks>
internal sealed record Envelope(MailboxAddress Sender, IReadOnlyList<MailboxAddress> Recipients, bool HasNonAsciiAddress)
{
    private static readonly System.Globalization.IdnMapping Punycode = new();

    /// <summary>Builds the envelope, or returns the permanent failure that prevents relaying it unchanged.</summary>
    public static (Envelope? Envelope, ForwardResult? Rejection) Create(OutboundMessage message)
    {
        var sender = ToMailbox(message.ReversePath);
        if (sender is null)
        {
            return (null, ForwardResult.Permanent(
                553, "5.1.7", $"Sender address <{message.ReversePath}> cannot be relayed unchanged", message.ReversePath));
        }

        var recipients = new List<MailboxAddress>(message.Recipients.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in message.Recipients)
        {
            var recipient = ToMailbox(address);
            if (recipient is null)
            {
                return (null, ForwardResult.Permanent(
                    553, "5.1.3", $"Recipient address <{address}> cannot be relayed unchanged", address));
            }

            if (seen.Add(address))
            {
                recipients.Add(recipient);
            }
        }

        var nonAscii = IsNonAscii(message.ReversePath) || message.Recipients.Any(IsNonAscii);
        if (nonAscii && !message.SmtpUtf8)
        {
            var address = IsNonAscii(message.ReversePath) ? message.ReversePath : message.Recipients.First(IsNonAscii);
            return (null, ForwardResult.Permanent(
                553, "5.6.7", $"Non-ASCII address <{address}> was not received with SMTPUTF8", address));
        }

        return (new Envelope(sender, recipients, nonAscii), null);
    }

    /// <summary>
    /// True when no address has a non-ASCII local part: each then has an ASCII equivalent, its domain as A-labels
    /// (RFC 5890), which names the same mailbox and needs no SMTPUTF8 (RFC 6531 3.2). MailKit writes that form itself
    /// when SMTPUTF8 is not requested.
    /// </summary>
    public bool HasAsciiForm => Recipients.Prepend(Sender).All(mailbox => HasAsciiEquivalent(mailbox.Address));

    private static bool HasAsciiEquivalent(string address)
    {
        var at = address.LastIndexOf('@');
        if (!IsNonAscii(address))
        {
            return true;
        }

        if (at <= 0 || IsNonAscii(address[..at]))
        {
            return false;
        }

        try
        {
            Punycode.GetAscii(address[(at + 1)..]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsNonAscii(string address) => address.Any(c => c > '\u007f');

    /// <summary>
    /// Null when MimeKit cannot represent the address, or would write it differently from how it was received
    /// (MailKit writes <see cref="MailboxAddress.Address"/>, normalised by MimeKit's parser).
    /// </summary>
    private static MailboxAddress? ToMailbox(string address)
    {
        if (address.Any(char.IsControl) || address.Contains('<') || address.Contains('>'))
        {
            return null;
        }

        try
        {
            var mailbox = new MailboxAddress(string.Empty, address);
            return string.Equals(mailbox.Address, address, StringComparison.Ordinal) ? mailbox : null;
        }
        catch (ParseException)
        {
            return null;
        }
    }
}
