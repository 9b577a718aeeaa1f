using Microsoft.Extensions.Logging;
using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>What the next hop refuses is classified, logged, and never half delivered.</summary>
public sealed class FailureTests
{
    private const string Plain = MessageCorpus.Signature + "Subject: failures\r\n\r\nbody\r\n";
    private static readonly string[] ThreeRecipients = ["one@example.net", "two@example.net", "three@example.net"];

    [Test]
    public async Task A_451_after_DATA_is_a_temporary_failure_with_the_next_hops_reply()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { DataReply = "451 4.3.0 Queue full, try later" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(new ForwardResult(ForwardOutcome.TemporaryFailure, 451, "4.3.0", "Queue full, try later", null)));
        Assert.That(sink.Delivered, Is.Empty);
    }

    [Test]
    public async Task A_refused_DATA_command_is_classified_by_its_code()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { DataCommandReply = "554 5.7.1 Not now, not ever" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(new ForwardResult(ForwardOutcome.PermanentFailure, 554, "5.7.1", "Not now, not ever", null)));
        Assert.That(sink.Transactions, Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task One_recipient_refused_with_550_means_nobody_gets_the_message(bool pipelining)
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            Pipelining = pipelining,
            RcptReply = address => address == "two@example.net" ? "550 5.1.1 <two@example.net>: Recipient address rejected: User unknown" : null,
        });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { Recipients = ThreeRecipients });

        Assert.That(result, Is.EqualTo(new ForwardResult(
            ForwardOutcome.PermanentFailure, 550, "5.1.1", "<two@example.net>: Recipient address rejected: User unknown", "two@example.net")));
        var session = sink.Sessions.Single();
        Assert.That(session.Verbs, Is.EqualTo(new[] { "EHLO", "MAIL", "RCPT", "RCPT", "RCPT", "RSET", "QUIT" }));
        Assert.That(sink.Transactions, Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_452_on_RCPT_is_temporary_and_wins_over_a_permanent_refusal(bool pipelining)
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            Pipelining = pipelining,
            RcptReply = address => address switch
            {
                "one@example.net" => "550 5.1.1 No such user",
                "three@example.net" => "452 4.5.3 Too many recipients",
                _ => null,
            },
        });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { Recipients = ThreeRecipients });

        Assert.That(result, Is.EqualTo(new ForwardResult(
            ForwardOutcome.TemporaryFailure, 452, "4.5.3", "Too many recipients", "three@example.net")));
        Assert.That(sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task A_refusal_of_the_only_recipient_is_reported_with_its_code()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = _ => "550 5.7.1 Relaying denied" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(new ForwardResult(
            ForwardOutcome.PermanentFailure, 550, "5.7.1", "Relaying denied", "rcpt@example.net")));
    }

    [Test]
    public async Task A_554_on_MAIL_is_permanent_and_nothing_is_delivered()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { MailReply = _ => "554 5.7.1 Sender blocked" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(new ForwardResult(
            ForwardOutcome.PermanentFailure, 554, "5.7.1", "Sender blocked", ForwarderKit.Sender)));
        Assert.That(sink.Transactions, Is.Empty);
        Assert.That(sink.Sessions.Single().Verbs, Does.Not.Contain("DATA"));
    }

    [Test]
    public async Task A_reply_without_enhanced_status_code_gets_a_generic_one_and_421_becomes_451()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { MailReply = _ => "421 closing down\n421 really" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(new ForwardResult(ForwardOutcome.TemporaryFailure, 451, "4.0.0", "closing down really", ForwarderKit.Sender)));
    }

    [Test]
    public async Task A_closed_port_is_a_temporary_failure_4_4_1()
    {
        var options = new NextHopOptions { Host = SmtpSink.Host, Port = SmtpSink.UnusedPort(), TlsMode = NextHopTlsMode.None };

        var result = await ForwarderKit.Forwarder(options).ForwardAsync(ForwarderKit.Message(Plain), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.TemporaryFailure));
        Assert.That((result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((451, "4.4.1")));
        Assert.That(result.Text, Does.StartWith("Next hop unreachable: "));
    }

    [Test]
    public async Task A_next_hop_that_never_greets_times_out_as_unreachable()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { NeverGreet = true });
        var options = ForwarderKit.OptionsFor(sink);
        options.ConnectTimeout = TimeSpan.FromMilliseconds(300);

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary("4.4.1", "Next hop unreachable: timed out")));
    }

    [Test]
    public async Task A_next_hop_that_never_answers_the_data_times_out_and_nothing_counts_as_delivered()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { NeverAnswerData = true });
        var options = ForwarderKit.OptionsFor(sink);
        options.CommandTimeout = TimeSpan.FromMilliseconds(500);

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary("4.4.2", "Next hop timed out")));
        Assert.That(sink.Delivered, Is.Empty);
    }

    [Test]
    public async Task A_next_hop_that_never_answers_QUIT_neither_delays_nor_changes_the_result()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { NeverAnswerQuit = true });
        var options = ForwarderKit.OptionsFor(sink);
        options.QuitTimeout = TimeSpan.FromMilliseconds(200);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(clock.Elapsed, Is.LessThan(options.CommandTimeout / 2));
        Assert.That(sink.Sessions.Single().Verbs[^1], Is.EqualTo("QUIT"));
    }

    [Test]
    public async Task A_greeting_refusal_is_temporary()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { Greeting = "554 5.3.2 No service for you" });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain));

        Assert.That(result, Is.EqualTo(ForwardResult.Temporary("4.4.1", "Next hop refused the session: 554 5.3.2 No service for you")));
    }

    [Test]
    public async Task Cancellation_is_thrown_not_classified()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { NeverGreet = true });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var forwarder = ForwarderKit.Forwarder(ForwarderKit.OptionsFor(sink));

        await Assert.ThatAsync(
            () => forwarder.ForwardAsync(ForwarderKit.Message(Plain), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Cancellation_during_DATA_is_thrown_and_nothing_is_delivered()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { NeverAnswerData = true });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var forwarder = ForwarderKit.Forwarder(ForwarderKit.OptionsFor(sink));

        await Assert.ThatAsync(
            () => forwarder.ForwardAsync(ForwarderKit.Message(Plain), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(sink.Delivered, Is.Empty);
    }

    [Test]
    public async Task An_8bit_message_to_a_next_hop_without_8BITMIME_is_refused_with_554_5_6_3_and_nothing_is_sent()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { EightBitMime = false });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain + "Grüße\r\n", eightBitMime: true));

        Assert.That(result, Is.EqualTo(new ForwardResult(
            ForwardOutcome.PermanentFailure, 554, "5.6.3", "Conversion to 7-bit required but not supported", null)));
        Assert.That(sink.Sessions.Single().Verbs, Is.EqualTo(new[] { "EHLO", "QUIT" }));
    }

    [Test]
    public async Task SMTPUTF8_with_a_UTF8_address_to_a_next_hop_without_SMTPUTF8_is_refused()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { SmtpUtf8 = false });
        var message = ForwarderKit.Message(Plain, smtpUtf8: true) with { Recipients = ["jörg@example.de"] };

        var result = await ForwarderKit.ForwardAsync(sink, message);

        Assert.That((result.Outcome, result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((ForwardOutcome.PermanentFailure, 553, "5.6.7")));
        Assert.That(sink.Sessions.Single().Verbs, Does.Not.Contain("MAIL"));
    }

    [Test]
    public async Task SMTPUTF8_with_UTF8_headers_to_a_next_hop_without_SMTPUTF8_is_refused()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { SmtpUtf8 = false });

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message("Subject: Grüße\r\n\r\nbody\r\n", smtpUtf8: true));

        Assert.That((result.Outcome, result.ReplyCode, result.EnhancedStatusCode), Is.EqualTo((ForwardOutcome.PermanentFailure, 554, "5.6.9")));
        Assert.That(sink.Sessions.Single().Verbs, Does.Not.Contain("MAIL"));
    }

    [Test]
    public async Task SMTPUTF8_that_nothing_needs_is_dropped_for_a_next_hop_without_it()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { SmtpUtf8 = false });
        var content = Plain + "Grüße only in the body\r\n";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(content, eightBitMime: true, smtpUtf8: true));

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Delivered.Single().MailParameters, Is.EqualTo(new[] { "BODY=8BITMIME" }));
    }

    [TestCase("From x\r\n\r\nno colon on the first line\r\n", "the first line is not a header field")]
    [TestCase("Subject: bare LF\n\r\nbody\r\n", "the first line ends in a bare LF")]
    [TestCase("Subject: bare\rCR\r\n\r\nbody\r\n", "the first line contains a bare CR")]
    public async Task Content_that_cannot_travel_unchanged_is_refused_before_connecting(string content, string problem)
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(content));

        Assert.That(result, Is.EqualTo(ForwardResult.Permanent(554, "5.6.0", "Message cannot be relayed unchanged: " + problem)));
        Assert.That(sink.Sessions, Is.Empty);
    }

    [Test]
    public async Task Every_failure_is_logged_with_the_next_hops_reply()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = _ => "550 5.1.1 Mailbox unavailable here" });
        var logger = new CapturingLogger<SmtpForwarder>();

        await ForwarderKit.Forwarder(ForwarderKit.OptionsFor(sink), logger).ForwardAsync(ForwarderKit.Message(Plain), CancellationToken.None);

        var warning = logger.Entries.Single(e => e.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain("550 5.1.1 Mailbox unavailable here").And.Contain("SmtpCommandException"));
        Assert.That(warning.Exception, Is.Null, "a routine refusal is one line; the stack trace goes to Debug");
        Assert.That(logger.Entries.Single(e => e.Level == LogLevel.Debug && e.Exception is not null).Exception, Is.Not.Null);
    }

    [Test]
    public async Task A_refusal_before_sending_is_logged()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { EightBitMime = false });
        var logger = new CapturingLogger<SmtpForwarder>();

        await ForwarderKit.Forwarder(ForwarderKit.OptionsFor(sink), logger)
            .ForwardAsync(ForwarderKit.Message(Plain, eightBitMime: true), CancellationToken.None);

        Assert.That(logger.Entries.Single(e => e.Level == LogLevel.Warning).Message, Does.Contain("554 5.6.3"));
    }

    [Test]
    public async Task Delivery_returns_250_with_the_next_hops_text()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { DataReply = "250 2.0.0 Ok: queued as ABC123" });
        var logger = new CapturingLogger<SmtpForwarder>();

        var result = await ForwarderKit.Forwarder(ForwarderKit.OptionsFor(sink), logger)
            .ForwardAsync(ForwarderKit.Message(Plain), CancellationToken.None);

        Assert.That(result, Is.EqualTo(new ForwardResult(ForwardOutcome.Delivered, 250, "2.0.0", "Ok: queued as ABC123", null)));
        Assert.That(result.Succeeded, Is.True);
        Assert.That(logger.Entries.Single().Message, Does.Contain("Ok: queued as ABC123"));
    }
}
