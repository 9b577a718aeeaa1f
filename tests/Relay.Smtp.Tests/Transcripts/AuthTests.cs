using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class AuthTests
{
    private static readonly string GoodPlain = Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password);

    [Test]
    public async Task Auth_plain_with_an_initial_response_after_starttls()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        var reply = await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");

        Assert.That(reply.Text, Is.EqualTo("2.7.0 Authentication successful"));
        await client.SendMessageAsync("x\r\n.\r\n");
        Assert.That(server.Handler.Messages.Single().Principal, Is.EqualTo("alice"));
        Assert.That(server.Handler.Messages.Single().IsSecure, Is.True);
    }

    [Test]
    public async Task Auth_plain_without_an_initial_response_gets_an_empty_challenge()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        var challenge = await client.CommandAsync("AUTH PLAIN");
        Assert.That((challenge.Code, challenge.Text), Is.EqualTo((334, string.Empty)));

        await client.ExpectAsync(GoodPlain, 235, "2.7.0");
    }

    [Test]
    public async Task Auth_plain_accepts_an_authorization_identity_equal_to_the_user()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password, "alice"), 235, "2.7.0");
    }

    [Test]
    public async Task Auth_plain_refuses_to_act_for_another_identity()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password, "bob"), 535, "5.7.8");
    }

    [Test]
    public async Task Auth_login_with_both_challenges()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        var user = await client.CommandAsync("AUTH LOGIN");
        Assert.That((user.Code, user.Text), Is.EqualTo((334, "VXNlcm5hbWU6")));
        var password = await client.CommandAsync(Credentials.Base64(SmtpTestServer.UserName));
        Assert.That((password.Code, password.Text), Is.EqualTo((334, "UGFzc3dvcmQ6")));

        await client.ExpectAsync(Credentials.Base64(SmtpTestServer.Password), 235, "2.7.0");
    }

    [Test]
    public async Task Auth_login_with_the_user_name_as_initial_response()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        var password = await client.CommandAsync("AUTH LOGIN " + Credentials.Base64(SmtpTestServer.UserName));
        Assert.That((password.Code, password.Text), Is.EqualTo((334, "UGFzc3dvcmQ6")));

        await client.ExpectAsync(Credentials.Base64(SmtpTestServer.Password), 235, "2.7.0");
    }

    [Test]
    public async Task The_empty_initial_response_form_is_decoded_as_empty()
    {
        await using var server = await SmtpTestServer.StartAsync(authenticator: new DelegatingAuthenticator((_, user, password, _) => ValueTask.FromResult<string?>("anyone")));
        await using var client = await SecureClientAsync(server);

        // "=" is an empty user name for LOGIN, which is refused before the authenticator is asked.
        await client.CommandAsync("AUTH LOGIN =");
        await client.ExpectAsync(Credentials.Base64("pw"), 501, "5.5.2");
        // "=" for PLAIN is an empty message: malformed.
        await client.ExpectAsync("AUTH PLAIN =", 501, "5.5.2");
    }

    [TestCase("AUTH PLAIN")]
    [TestCase("AUTH LOGIN")]
    public async Task A_star_cancels_the_exchange_with_501(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);
        await client.CommandAsync(command);

        await client.ExpectAsync("*", 501, "5.0.0");

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");
    }

    [Test]
    public async Task A_star_at_the_password_prompt_cancels_too()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);
        await client.CommandAsync("AUTH LOGIN " + Credentials.Base64("alice"));

        await client.ExpectAsync("*", 501, "5.0.0");
    }

    [Test]
    public async Task Wrong_credentials_are_535()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain("alice", "wrong"), 535, "5.7.8");
        await client.CommandAsync("AUTH LOGIN");
        await client.CommandAsync(Credentials.Base64("alice"));
        await client.ExpectAsync(Credentials.Base64("wrong"), 535, "5.7.8");
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
    }

    [TestCase("AUTH PLAIN not*base64")]
    [TestCase("AUTH PLAIN AGFsaWNl")]
    [TestCase("AUTH PLAIN " + "YQBiAGMAZA==")]
    public async Task Malformed_responses_are_501(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync(command, 501, "5.5.2");
    }

    [TestCase("AUTH")]
    [TestCase("AUTH PLAIN a b")]
    public async Task Auth_syntax_errors_are_501(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync(command, 501, "5.5.4");
    }

    [Test]
    public async Task Unknown_mechanisms_are_504()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync("AUTH CRAM-MD5", 504, "5.5.4");
    }

    [Test]
    public async Task A_second_auth_is_503()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SecureClientAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 503, "5.5.1");
    }

    [Test]
    public async Task Auth_without_tls_is_538_encryption_required()
    {
        var authenticatorCalls = 0;
        await using var server = await SmtpTestServer.StartAsync(authenticator: new DelegatingAuthenticator((_, _, _, _) =>
        {
            Interlocked.Increment(ref authenticatorCalls);
            return ValueTask.FromResult<string?>("alice");
        }));
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 538, "5.7.11");

        Assert.That(authenticatorCalls, Is.Zero);
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Plaintext_auth_on_loopback_works_only_when_allowed()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.AllowPlaintextAuthOnLoopback = true, withCertificate: false);
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");
    }

    [Test]
    public async Task A_failing_authenticator_is_454_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync(
            authenticator: new DelegatingAuthenticator((_, _, _, _) => throw new InvalidOperationException("directory down")));
        await using var client = await SecureClientAsync(server);

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 454, "4.7.0");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Starttls_forgets_an_earlier_plaintext_authentication()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.AllowPlaintextAuthOnLoopback = true);
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");

        await client.StartTlsAsync();
        await client.EhloAsync();

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");
    }

    [Test]
    public async Task Auth_payloads_never_reach_the_log()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using (var client = await SecureClientAsync(server))
        {
            await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain("alice", "wrong-password-1"), 535, "5.7.8");
            await client.CommandAsync("AUTH LOGIN");
            await client.CommandAsync(Credentials.Base64("alice"));
            await client.ExpectAsync(Credentials.Base64("wrong-password-2"), 535, "5.7.8");
            await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 235, "2.7.0");
        }

        var log = server.Logs.AllText;
        Assert.That(log, Does.Contain("AUTH PLAIN succeeded for alice"));
        Assert.That(log, Does.Match("scope: SmtpSession:[0-9a-f]{12}"), "a session id scope on the session's log lines");
        Assert.That(log, Does.Not.Contain("wrong-password").And.Not.Contain(SmtpTestServer.Password));
        Assert.That(log, Does.Not.Contain(GoodPlain).And.Not.Contain(Credentials.Base64(SmtpTestServer.Password)));
    }

    [Test]
    public async Task An_over_long_auth_response_is_500_5_5_6()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxCommandLineLength = 512);
        await using var client = await SecureClientAsync(server);
        await client.CommandAsync("AUTH PLAIN");

        await client.ExpectAsync(new string('A', 600), 500, "5.5.6");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    private static async Task<SmtpTestClient> SecureClientAsync(SmtpTestServer server)
    {
        var client = await server.ConnectAndGreetAsync();
        await client.StartTlsAsync();
        await client.EhloAsync();
        return client;
    }
}
