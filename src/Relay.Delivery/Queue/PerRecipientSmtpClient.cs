using System.Net.Sockets;
using MailKit.Net.Smtp;
using MimeKit;

namespace Relay.Delivery.Queue;

/// <summary>
/// MailKit's SMTP client for queued delivery: never re-encodes (like <see cref="RelaySmtpClient"/>), and carries on
/// to DATA with the recipients the server accepted, recording each refusal instead of abandoning the transaction.
/// </summary>
/// <remarks>One transaction at a time; <see cref="BeginTransaction"/> starts the next one on a reused connection.</remarks>
internal sealed class PerRecipientSmtpClient : SmtpClient
{
    private readonly Dictionary<string, SmtpResponse> _refused = new(StringComparer.OrdinalIgnoreCase);
    private long _messageSize = -1;

    /// <summary>The recipients refused in this transaction, with the server's reply.</summary>
    public IReadOnlyDictionary<string, SmtpResponse> Refused => _refused;

    /// <summary>The socket under the connection (the client owns it), to look at while the connection is idle.</summary>
    public Socket? Socket { get; set; }

    /// <summary>Connected, and nothing has arrived on the idle connection: no FIN, no reply, no TLS record.</summary>
    public bool IsQuietlyOpen => IsConnected && Socket is { Connected: true } socket && !socket.Poll(0, SelectMode.SelectRead);

    /// <summary>How many transactions this connection has carried.</summary>
    public int Transactions { get; private set; }

    public void BeginTransaction(long messageSize)
    {
        _refused.Clear();
        _messageSize = messageSize;
        Transactions++;
    }

    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }

    protected override long GetSize(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _messageSize >= 0 ? _messageSize : base.GetSize(options, message, cancellationToken);

    protected override Task<long> GetSizeAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken) =>
        _messageSize >= 0 ? Task.FromResult(_messageSize) : base.GetSizeAsync(options, message, cancellationToken);

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _refused[mailbox.Address] = response;

    /// <summary>MailKit would otherwise send DATA with no recipient; it resets the transaction on this exception.</summary>
    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        var (address, response) = _refused.First();
        throw new SmtpCommandException(
            SmtpErrorCode.RecipientNotAccepted, response.StatusCode, new MailboxAddress(string.Empty, address), response.Response);
    }
}
