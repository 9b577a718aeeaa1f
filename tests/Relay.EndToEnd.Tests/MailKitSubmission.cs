using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Relay.EndToEnd.Tests;

/// <summary>An application submitting through Relay with MailKit: STARTTLS on the submission port, then AUTH.</summary>
internal static class MailKitSubmission
{
    /// <summary>Sends <paramref name="message"/> and returns the bytes MailKit transmitted as the message content.</summary>
    public static async Task<byte[]> SendAsync(RelayUnderTest relay, string userName, string password, MimeMessage message)
    {
        await SendForReplyAsync(relay, userName, password, message);
        return Transmitted(message);
    }

    /// <summary>Sends <paramref name="message"/> and returns Relay's reply to it (e.g. "2.0.0 Ok &lt;id&gt;").</summary>
    public static async Task<string> SendForReplyAsync(RelayUnderTest relay, string userName, string password, MimeMessage message)
    {
        using var client = new SmtpClient();
        // Relay's certificate is self-signed and generated into its data folder.
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(relay.SubmissionEndPoint.Address.ToString(), relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(userName, password);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return reply;
    }

    /// <summary>
    /// The content MailKit puts on the wire for <paramref name="message"/>, before dot-stuffing: its own format
    /// (CRLF, final CRLF ensured). Taken after sending, because sending first prepares the message for the
    /// server's capabilities and the preparation stays on the object.
    /// </summary>
    public static byte[] Transmitted(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        using var stream = new MemoryStream();
        message.WriteTo(format, stream);
        return stream.ToArray();
    }
}
