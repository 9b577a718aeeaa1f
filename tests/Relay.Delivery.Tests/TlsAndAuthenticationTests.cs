using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>TLS modes, certificate checking and SMTP AUTH towards the next hop.</summary>
public sealed class TlsAndAuthenticationTests
{
    private const string Plain = MessageCorpus.Signature + "Subject: tls\r\n\r\nbody\r\n";

    [Test]
    public async Task STARTTLS_required_but_not_offered_is_temporary_and_sends_nothing()
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(
            sink, ForwarderKit.Message(Plain), ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsRequired));

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary(
            "4.7.4", "Next hop does not offer STARTTLS, which the next hop settings require")));
        Assert.That(sink.Sessions.Single().Verbs, Does.Not.Contain("MAIL"));
    }

    [Test]
    public async Task STARTTLS_with_a_self_signed_certificate_works_when_invalid_certificates_are_accepted()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsRequired);
        options.AcceptInvalidCertificates = true;

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        var session = sink.Sessions.Single();
        Assert.That(session.Secure, Is.True);
        Assert.That(session.Verbs, Is.EqualTo(new[] { "EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "DATA", "QUIT" }));
        Assert.That(session.HeloName, Is.EqualTo("relay.test"));
    }

    [Test]
    public async Task STARTTLS_when_available_is_used_when_offered()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsWhenAvailable);
        options.AcceptInvalidCertificates = true;

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Sessions.Single().Secure, Is.True);
    }

    [Test]
    public async Task TlsMode_None_never_starts_TLS()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), ForwarderKit.OptionsFor(sink, NextHopTlsMode.None));

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Sessions.Single().Verbs, Does.Not.Contain("STARTTLS"));
    }

    [Test]
    public async Task An_untrusted_certificate_is_a_temporary_TLS_failure_by_default()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true });

        var result = await ForwarderKit.ForwardAsync(
            sink, ForwarderKit.Message(Plain), ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsWhenAvailable));

        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.TemporaryFailure));
        Assert.That((result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((451, "4.7.5")));
        Assert.That(result.Text, Does.StartWith("TLS handshake with next hop failed: "));
        Assert.That(sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Implicit_TLS_delivers()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { ImplicitTls = true });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.ImplicitTls);
        options.AcceptInvalidCertificates = true;

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Sessions.Single().Secure, Is.True);
    }

    [Test]
    public async Task AUTH_PLAIN_credentials_reach_the_next_hop_over_TLS()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true, UserName = "relay-user", Password = "pä$$ wörd" });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsRequired);
        options.AcceptInvalidCertificates = true;
        options.UserName = "relay-user";
        options.Password = "pä$$ wörd";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        var session = sink.Sessions.Single();
        Assert.That((session.AuthenticationIdentity, session.Password, session.Authenticated), Is.EqualTo(("relay-user", "pä$$ wörd", true)));
        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AUTH_over_plain_text_is_allowed_only_with_TlsMode_None()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { UserName = "u", Password = "p" });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.None);
        options.UserName = "u";
        options.Password = "p";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Sessions.Single().AuthenticationIdentity, Is.EqualTo("u"));
    }

    [Test]
    public async Task Credentials_are_not_sent_when_TLS_was_wanted_but_not_offered()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { UserName = "u", Password = "p" });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsWhenAvailable);
        options.UserName = "u";
        options.Password = "p";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary(
            "4.7.0", "Not sending credentials to the next hop without TLS: it did not offer STARTTLS")));
        Assert.That(sink.Sessions.Single().Verbs, Does.Not.Contain("AUTH"));
    }

    [Test]
    public async Task Rejected_credentials_are_a_temporary_failure()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { UserName = "u", Password = "right" });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.None);
        options.UserName = "u";
        options.Password = "wrong";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That((result.Outcome, result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((ForwardOutcome.TemporaryFailure, 451, "4.7.0")));
        Assert.That(result.Text, Does.Contain("Authentication credentials invalid"));
        Assert.That(result.Text, Does.Not.Contain("wrong"));
        Assert.That(sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task A_next_hop_that_requires_AUTH_we_do_not_have_is_a_temporary_failure()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { UserName = "u", Password = "p" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary(
            "4.7.0", "Next hop requires authentication: 5.7.0 Authentication required")));
    }

    [Test]
    public async Task Credentials_for_a_next_hop_without_AUTH_are_a_temporary_failure()
    {
        await using var sink = SmtpSink.Start();
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.None);
        options.UserName = "u";
        options.Password = "p";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That((result.Outcome, result.EnhancedStatusCode), Is.EqualTo((ForwardOutcome.TemporaryFailure, "4.7.4")));
    }
}
