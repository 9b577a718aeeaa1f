using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Relay.Delivery.Tests;

/// <summary>Classification of what MailKit throws, including failures a test server cannot easily provoke.</summary>
public sealed class ForwardFailureTests
{
    [Test]
    public void A_dropped_connection_during_the_transaction_is_temporary_4_4_2()
    {
        var result = ForwardFailure.Classify(
            new SmtpProtocolException("The SMTP server has unexpectedly disconnected."), ForwardPhase.Transferring);

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary(
            "4.4.2", "Connection to next hop failed: The SMTP server has unexpectedly disconnected.")));
    }

    [Test]
    public void An_IO_error_while_connecting_is_unreachable_4_4_1() =>
        Assert.That(ForwardFailure.Classify(new IOException("reset"), ForwardPhase.Connecting),
            Is.EqualTo(ForwardResult.Temporary("4.4.1", "Next hop unreachable: reset")));

    [Test]
    public void An_unknown_host_is_unreachable_4_4_1() =>
        Assert.That(ForwardFailure.Classify(new SocketException((int)SocketError.HostNotFound), ForwardPhase.Connecting)?.EnhancedStatusCode,
            Is.EqualTo("4.4.1"));

    [Test]
    public void An_unexpected_success_code_is_a_temporary_protocol_error()
    {
        var result = ForwardFailure.Classify(
            new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.Ok, "Ok"), ForwardPhase.Transferring);

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary("4.5.0", "Next hop protocol error: unexpected reply 250 Ok")));
    }

    [Test]
    public void A_5xx_before_the_transaction_says_nothing_about_the_message_and_is_temporary()
    {
        var result = ForwardFailure.Classify(
            new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.CommandNotImplemented, "5.5.1 no EHLO"),
            ForwardPhase.Authenticating);

        Assert.That(result?.Outcome, Is.EqualTo(ForwardOutcome.TemporaryFailure));
    }

    [Test]
    public void A_refused_recipient_carries_its_mailbox()
    {
        var refused = new SmtpCommandException(
            SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, new MailboxAddress("", "x@example.net"), "5.1.1 unknown");

        Assert.That(ForwardFailure.Classify(refused, ForwardPhase.Transferring),
            Is.EqualTo(ForwardResult.Permanent(550, "5.1.1", "unknown", "x@example.net")));
    }

    [Test]
    public void Failures_are_reported_with_the_next_hops_reply_for_the_log()
    {
        Assert.That(ForwardFailure.HopReply(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage, "4.3.1 full")),
            Is.EqualTo("452 4.3.1 full"));
        Assert.That(ForwardFailure.HopReply(new AuthenticationException("535: 5.7.8 bad")), Is.EqualTo("535: 5.7.8 bad"));
        Assert.That(ForwardFailure.HopReply(new TimeoutException()), Is.Null);
    }

    [Test]
    public void Exceptions_nobody_named_are_not_classified()
    {
        Assert.That(ForwardFailure.Classify(new InvalidOperationException("bug"), ForwardPhase.Transferring), Is.Null);
        Assert.That(ForwardFailure.Classify(new OperationCanceledException(), ForwardPhase.Transferring), Is.Null);
        Assert.That(ForwardFailure.Classify(new ServiceNotConnectedException(), ForwardPhase.Transferring), Is.Null);
    }
}
