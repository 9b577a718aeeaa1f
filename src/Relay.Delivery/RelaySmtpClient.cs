using MailKit.Net.Smtp;
using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// MailKit's SMTP client adjusted for relaying: it never re-encodes the message, announces the size it knows,
/// and rejects the whole transaction if the next hop refuses any recipient.
/// </summary>
/// <remarks>
/// By default MailKit stops at the first refused recipient when it is not pipelining and carries on to DATA with
/// the accepted ones when a later one is refused while pipelining. Here every RCPT reply is collected and, once
/// the last recipient's reply is in, a refusal is thrown as <see cref="SmtpCommandException"/>, which makes
/// MailKit send RSET instead of DATA. The one reported is the first temporary refusal, else the first permanent
/// one, so that a message that might still go through is retried rather than bounced.
/// One instance serves one transaction.
/// </remarks>
internal sealed class RelaySmtpClient : SmtpClient
{
    private readonly List<(MailboxAddress Mailbox, SmtpResponse Response)> _refused = [];
    private MailboxAddress? _lastRecipient;
    private long _messageSize = -1;

    /// <summary>Tells the client which recipient's reply completes the RCPT phase, and the size for SIZE=.</summary>
    public void BeginTransaction(MailboxAddress lastRecipient, long messageSize)
    {
        _refused.Clear();
        _lastRecipient = lastRecipient;
        _messageSize = messageSize;
    }

    /// <summary>Does nothing: a relay transmits the signed bytes and never re-encodes them.</summary>
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }

    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _messageSize >= 0 ? _messageSize : base.GetSize(options, message, cancellationToken);

    protected override Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _messageSize >= 0 ? Task.FromResult(_messageSize) : base.GetSizeAsync(options, message, cancellationToken);

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        ThrowIfRecipientPhaseFailed(mailbox);

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        _refused.Add((mailbox, response));
        ThrowIfRecipientPhaseFailed(mailbox);
    }

    private void ThrowIfRecipientPhaseFailed(MailboxAddress mailbox)
    {
        if (!ReferenceEquals(mailbox, _lastRecipient) || _refused.Count == 0)
        {
            return;
        }

        var (refusedMailbox, response) = _refused.Find(r => (int)r.Response.StatusCode / 100 == 4);
        if (refusedMailbox is null)
        {
            (refusedMailbox, response) = _refused[0];
        }

        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, response.StatusCode, refusedMailbox, response.Response);
    }
}
