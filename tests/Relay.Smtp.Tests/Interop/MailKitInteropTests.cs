using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Interop;

/// <summary>MailKit's SmtpClient as an independent peer: STARTTLS, implicit TLS, AUTH, PIPELINING, CHUNKING.</summary>
public sealed class MailKitInteropTests
{
    [Test]
    public async Task MailKit_sends_over_starttls_with_auth()
    {
        await using var server = await SmtpTestServer.StartAsync(policy: new RequireAuthenticationPolicy());
        using var transcript = new MemoryStream();
        using var client = CreateClient(new ProtocolLogger(transcript, leaveOpen: true));

        await client.ConnectAsync(server.EndPoint.Address.ToString(), server.EndPoint.Port, SecureSocketOptions.StartTls);
        Assert.That(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining) && client.Capabilities.HasFlag(SmtpCapabilities.Chunking), Is.True);
        await client.AuthenticateAsync(SmtpTestServer.UserName, SmtpTestServer.Password);
        await client.SendAsync(CreateMessage(), new MailboxAddress(null, "sender@example.com"), [new MailboxAddress(null, "one@example.net"), new MailboxAddress(null, "two@example.net")]);
        await client.DisconnectAsync(quit: true);

        var received = server.Handler.Messages.Single();
        Assert.That(received.Envelope.ReversePath, Is.EqualTo("sender@example.com"));
        Assert.That(received.Envelope.Recipients, Is.EqualTo(new[] { "one@example.net", "two@example.net" }));
        Assert.That(received.Principal, Is.EqualTo("alice"));
        Assert.That(received.IsSecure, Is.True);
        var parsed = MimeMessage.Load(new MemoryStream(received.Content));
        Assert.That(parsed.Subject, Is.EqualTo("Interop"));
        Assert.That(parsed.TextBody, Does.Contain(".a line that MailKit dot-stuffs"));
        var log = Encoding.UTF8.GetString(transcript.ToArray());
        Assert.That(log, Does.Contain("C: RCPT TO:<two@example.net>\r\nS: 250 2.1.0"), "MAIL and RCPTs were pipelined");
        Assert.That(log, Does.Contain("C: ..a line that MailKit dot-stuffs"));
    }

    [Test]
    public async Task MailKit_sends_a_binary_body_with_bdat_when_binarymime_is_enabled()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.EnableBinaryMime = true);
        using var transcript = new MemoryStream();
        using var client = CreateClient(new ProtocolLogger(transcript, leaveOpen: true));
        var message = CreateMessage();
        byte[] payload = [0x00, 0x01, (byte)'\n', (byte)'.', (byte)'\r', 0xFF, (byte)'\r', (byte)'\n', (byte)'.'];
        message.Body = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(payload)),
            ContentTransferEncoding = ContentEncoding.Binary,
        };

        await client.ConnectAsync(server.EndPoint.Address.ToString(), server.EndPoint.Port, SecureSocketOptions.StartTls);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var received = server.Handler.Messages.Single();
        Assert.That(Encoding.UTF8.GetString(transcript.ToArray()), Does.Contain("C: BDAT"), "MailKit used CHUNKING");
        Assert.That(received.Envelope.BodyType, Is.EqualTo(SmtpBodyType.BinaryMime));
        var part = MimeMessage.Load(new MemoryStream(received.Content)).Body as MimePart
            ?? throw new AssertionException("the body is not a single part");
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.That(decoded.ToArray(), Is.EqualTo(payload));
    }

    [Test]
    public async Task MailKit_sends_over_implicit_tls_with_auth_login()
    {
        await using var server = await SmtpTestServer.StartAsync(implicitTls: true);
        using var client = CreateClient();

        await client.ConnectAsync(server.ImplicitTlsEndPoint.Address.ToString(), server.ImplicitTlsEndPoint.Port, SecureSocketOptions.SslOnConnect);
        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync(SmtpTestServer.UserName, SmtpTestServer.Password);
        await client.SendAsync(CreateMessage());
        await client.DisconnectAsync(quit: true);

        Assert.That(server.Handler.Messages.Single().Principal, Is.EqualTo("alice"));
    }

    [Test]
    public async Task MailKit_sees_a_refused_recipient_as_a_typed_error()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Policy.Refusals["nobody@example.net"] = SmtpReply.MailboxUnavailable;
        using var client = CreateClient();
        await client.ConnectAsync(server.EndPoint.Address.ToString(), server.EndPoint.Port, SecureSocketOptions.StartTls);

        var message = CreateMessage();
        message.To.Clear();
        message.To.Add(new MailboxAddress(null, "nobody@example.net"));
        var error = Assert.ThrowsAsync<SmtpCommandException>(async () => await client.SendAsync(message));

        Assert.That((error?.ErrorCode, (int?)error?.StatusCode), Is.EqualTo((SmtpErrorCode.RecipientNotAccepted, (int?)550)));
        await client.DisconnectAsync(quit: true);
    }

    private static SmtpClient CreateClient(IProtocolLogger? logger = null) => new(logger ?? new NullProtocolLogger())
    {
        ServerCertificateValidationCallback = (_, certificate, _, _) =>
            certificate?.GetCertHashString() == TestCertificates.Server.GetCertHashString(),
        LocalDomain = "mailkit.example",
    };

    private static MimeMessage CreateMessage()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new MailboxAddress("Recipient", "rcpt@example.net"));
        message.Subject = "Interop";
        message.Body = new TextPart("plain") { Text = "Hello.\n.a line that MailKit dot-stuffs\n..and another\nbye\n" };
        return message;
    }
}
