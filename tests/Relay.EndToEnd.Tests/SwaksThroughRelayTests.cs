using System.Text;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>swaks as the client, Relay in the middle, an independent sink as the next hop; verdicts from python3-dkim and Mail::DKIM.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SwaksThroughRelayTests
{
    private const string Account = "swaks-app";
    private const string Password = "swaks password 42";

    private RelayUnderTest _relay = null!;

    [SetUp]
    public async Task StartAsync()
    {
        ExternalTool.Require(Swaks.Path, "swaks");
        _relay = await RelayUnderTest.StartWithSinkAsync(Account, Password);
        await _relay.AddDomainAsync(Account, "example.com");
    }

    [TearDown]
    public async Task StopAsync()
    {
        // Null when set-up stopped early (a missing peer, a failed start); that is reported there.
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task AUTH_PLAIN_over_STARTTLS_on_the_submission_port_is_relayed_with_both_signatures_valid()
    {
        var swaks = await Swaks.RunAsync(_relay.SubmissionEndPoint,
            "--tls", "--auth", "PLAIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "news@example.com", "--to", "x@dest.test",
            "--header", "Subject: swaks over STARTTLS", "--body", "Hello from swaks over STARTTLS.");

        Assert.That(swaks.ExitCode, Is.Zero, swaks.ToString);
        Assert.That(swaks.ClientLine("AUTH PLAIN"), Is.Not.Null, swaks.ToString);
        Assert.That(swaks.ReplyToEndOfData(), Has.Count.EqualTo(1).And.Some.StartsWith("250 "), swaks.ToString);
        await AssertOneSignedDeliveryAsync("x@dest.test", "Subject: swaks over STARTTLS", "Hello from swaks over STARTTLS.");
    }

    [Test]
    public async Task AUTH_LOGIN_over_implicit_TLS_is_relayed_with_both_signatures_valid()
    {
        var swaks = await Swaks.RunAsync(_relay.ImplicitTlsEndPoint,
            "--tls-on-connect", "--auth", "LOGIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "news@example.com", "--to", "y@dest.test",
            "--header", "Subject: swaks over implicit TLS", "--body", "Hello from swaks over implicit TLS.");

        Assert.That(swaks.ExitCode, Is.Zero, swaks.ToString);
        Assert.That(swaks.ClientLine("AUTH LOGIN"), Is.Not.Null, swaks.ToString);
        Assert.That(swaks.ReplyToEndOfData(), Has.Count.EqualTo(1).And.Some.StartsWith("250 "), swaks.ToString);
        await AssertOneSignedDeliveryAsync("y@dest.test", "Subject: swaks over implicit TLS", "Hello from swaks over implicit TLS.");
    }

    [Test]
    public async Task Without_AUTH_MAIL_gets_530_and_nothing_is_relayed()
    {
        var swaks = await Swaks.RunAsync(_relay.SubmissionEndPoint,
            "--tls", "--from", "news@example.com", "--to", "x@dest.test", "--body", "no auth");

        Assert.That(swaks.ExitCode, Is.EqualTo(23), "swaks: error in MAIL transaction. " + swaks);
        Assert.That(swaks.ReplyTo("MAIL FROM:<news@example.com>"), Has.Some.StartsWith("530 5.7.0"), swaks.ToString);
        Assert.That(_relay.Sink.Sessions, Is.Empty, "Relay must not contact the next hop");
    }

    [Test]
    public async Task A_wrong_password_gets_535_and_nothing_is_relayed()
    {
        var swaks = await Swaks.RunAsync(_relay.SubmissionEndPoint,
            "--tls", "--auth", "PLAIN", "--auth-user", Account, "--auth-password", "not the password",
            "--from", "news@example.com", "--to", "x@dest.test", "--body", "wrong password");

        Assert.That(swaks.ExitCode, Is.EqualTo(28), "swaks: error in AUTH transaction. " + swaks);
        Assert.That(swaks.ReplyToEndOfData(), Is.Empty, "no message content may be sent. " + swaks);
        var authLine = swaks.ClientLine("AUTH PLAIN");
        Assert.That(authLine, Is.Not.Null, swaks.ToString);
        Assert.That(swaks.ReplyTo(authLine!), Has.Some.StartsWith("535 5.7.8"), swaks.ToString);
        Assert.That(_relay.Sink.Sessions, Is.Empty, "Relay must not contact the next hop");
    }

    [Test]
    public async Task AUTH_without_TLS_on_the_submission_port_is_not_offered_and_is_refused_with_538()
    {
        var swaks = await Swaks.RunAsync(_relay.SubmissionEndPoint,
            "--auth", "PLAIN", "--auth-user", Account, "--auth-password", Password,
            "--from", "news@example.com", "--to", "x@dest.test", "--body", "plaintext auth");

        Assert.That(swaks.ExitCode, Is.EqualTo(28), "swaks: error in AUTH transaction. " + swaks);
        var ehlo = swaks.ReplyTo("EHLO client.test");
        Assert.That(ehlo, Has.Some.Contains("STARTTLS"), swaks.ToString);
        Assert.That(ehlo, Has.None.Contains("AUTH"), swaks.ToString);
        Assert.That(swaks.Text, Does.Contain("Host did not advertise authentication"));

        // swaks will not send AUTH that was not advertised; a bare client does, with the correct password.
        var (dialogue, greeting) = await PlainSmtpDialogue.ConnectAsync(_relay.SubmissionEndPoint);
        await using (dialogue)
        {
            Assert.That(greeting, Does.StartWith("220 "));
            Assert.That(await dialogue.SendAsync("EHLO client.test"), Does.StartWith("250"));
            var initialResponse = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{Account}\0{Password}"));
            Assert.That(await dialogue.SendAsync("AUTH PLAIN " + initialResponse), Does.StartWith("538 5.7.11"));
            Assert.That(await dialogue.SendAsync("MAIL FROM:<news@example.com>"), Does.StartWith("530 5.7.0"),
                "the refused AUTH must not have authenticated the session");
        }

        Assert.That(_relay.Sink.Sessions, Is.Empty, "Relay must not contact the next hop");
    }

    private async Task AssertOneSignedDeliveryAsync(string recipient, string subjectLine, string bodyText)
    {
        var delivered = _relay.Sink.Delivered.Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { recipient }));
        var signed = SignedMessage.Split(delivered.Data);
        // RFC 3848: TLS and AUTH both used, on either front door.
        Assert.That(signed.TraceFields, Has.Count.EqualTo(1).And.Some.Contains("by relay.test (Relay) with ESMTPSA id "));
        var text = Encoding.UTF8.GetString(signed.Rest);
        Assert.That(text, Does.Contain("\r\n" + subjectLine + "\r\n").And.Contain("\r\n\r\n" + bodyText + "\r\n"));
        var verdicts = await VerifierVerdicts.ForAsync(delivered.Data, _relay.TxtRecords);
        verdicts.AssertSignedAndPassing(["example.com", RelayUnderTest.ProviderDomain]);
    }
}
