using System.Text;
using Relay.Smtp.Tests.Support;
using Relay.Testing;

namespace Relay.Smtp.Tests.Interop;

/// <summary>swaks (Debian package swaks) as an independent peer.</summary>
public sealed class SwaksInteropTests
{
    [Test]
    public async Task Swaks_sends_with_starttls_auth_and_pipelining()
    {
        var swaks = ExternalTool.Require("/usr/bin/swaks", "swaks");
        await using var server = await SmtpTestServer.StartAsync(policy: new RequireAuthenticationPolicy());

        var result = await ExternalTool.RunAsync(
            swaks,
            [
                "--server", $"{server.EndPoint.Address}:{server.EndPoint.Port}",
                "--ehlo", "swaks.example",
                "--from", "sender@example.com",
                "--to", "rcpt@example.net",
                "--tls",
                "--auth", "PLAIN",
                "--auth-user", SmtpTestServer.UserName,
                "--auth-password", SmtpTestServer.Password,
                "--pipeline",
                "--header", "Subject: from swaks",
                "--body", "hello from swaks\n.dotted line\n",
            ],
            stdin: null,
            TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        var message = server.Handler.Messages.Single();
        Assert.That(message.Envelope.Recipients, Is.EqualTo(new[] { "rcpt@example.net" }));
        Assert.That(message.Principal, Is.EqualTo("alice"));
        var content = Encoding.ASCII.GetString(message.Content);
        Assert.That(content, Does.Contain("Subject: from swaks\r\n"));
        Assert.That(content, Does.Contain("\r\n.dotted line\r\n"));
    }
}
