using MimeKit;
using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>The bytes arriving at the next hop are the bytes that were signed.</summary>
public sealed class ByteExactnessTests
{
    [TestCaseSource(typeof(MessageCorpus), nameof(MessageCorpus.Cases))]
    public async Task Next_hop_receives_exactly_the_signed_bytes(byte[] content, bool eightBitMime, bool smtpUtf8, byte[] expected)
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(content, eightBitMime: eightBitMime, smtpUtf8: smtpUtf8));

        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Delivered), result.ToString());
        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
        Assert.That(sink.Delivered[0].Data, Is.EqualTo(expected));
    }

    [TestCaseSource(typeof(MessageCorpus), nameof(MessageCorpus.Cases))]
    public async Task Bytes_survive_STARTTLS_without_pipelining_and_with_SIZE(
        byte[] content, bool eightBitMime, bool smtpUtf8, byte[] expected)
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true, Pipelining = false, MaxSize = 10_000_000 });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsRequired);
        options.AcceptInvalidCertificates = true;

        var result = await ForwarderKit.ForwardAsync(
            sink, ForwarderKit.Message(content, eightBitMime: eightBitMime, smtpUtf8: smtpUtf8), options);

        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Delivered), result.ToString());
        var delivered = sink.Delivered.Single();
        Assert.That(delivered.Data, Is.EqualTo(expected));
        Assert.That(delivered.MailParameters, Does.Contain($"SIZE={expected.Length}"));
        Assert.That(sink.Sessions.Single().Secure, Is.True);
    }

    [TestCaseSource(typeof(MessageCorpus), nameof(MessageCorpus.Cases))]
    public async Task MimeKit_writes_the_verbatim_message_unchanged(byte[] content, bool eightBitMime, bool smtpUtf8, byte[] expected)
    {
        // The same FormatOptions MailKit uses, before SMTP adds dot-stuffing and a missing final CRLF.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        format.International = smtpUtf8;
        using var source = new MemoryStream(content, writable: false);
        var (verbatim, problem) = await VerbatimMessage.CreateAsync(source, eightBitMime, CancellationToken.None);
        Assert.That(problem, Is.Null);
        using (verbatim)
        {
            using var written = new MemoryStream();
            await verbatim!.Message.WriteToAsync(format, written);

            // MimeKit ends the first line itself (with the CRLF it writes after the headers); a missing CRLF at
            // the end of a longer message is left for MailKit's DATA filter to add.
            var firstLineEnded = content.AsSpan().IndexOf("\r\n"u8) >= 0 ? content : expected;
            Assert.That(written.ToArray(), Is.EqualTo(firstLineEnded));
            Assert.That(verbatim.Size, Is.EqualTo(expected.Length));
        }
    }
}
