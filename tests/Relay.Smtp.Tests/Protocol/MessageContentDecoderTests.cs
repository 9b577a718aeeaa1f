using System.Buffers;
using System.Text;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Tests.Protocol;

public sealed class MessageContentDecoderTests
{
    private const int LineLimit = 1000;

    // Every case runs with the input whole, one octet per read, and in reads of 2 and 7 octets.
    private static readonly int[] ReadSizes = [int.MaxValue, 1, 2, 7];

    [TestCase("data\r\n.\r\n", "data\r\n")]
    [TestCase(".\r\n", "")]
    [TestCase("..\r\n.\r\n", ".\r\n")]
    [TestCase("..leading dot\r\n.\r\n", ".leading dot\r\n")]
    [TestCase("a\r\n..\r\nb\r\n.\r\n", "a\r\n.\r\nb\r\n")]
    [TestCase("a\r\n...\r\n.\r\n", "a\r\n..\r\n")]
    [TestCase(".x\r\n.\r\n", "x\r\n")]
    [TestCase("\r\n\r\n.\r\n", "\r\n\r\n")]
    [TestCase("mid.dle\r\nend.\r\n.\r\n", "mid.dle\r\nend.\r\n")]
    public void Dot_stuffed_data_is_unstuffed_up_to_the_terminator(string wire, string content)
    {
        foreach (var readSize in ReadSizes)
        {
            var result = Run(wire, BareLineEndingPolicy.Reject, readSize);

            Assert.That(result.Ended, Is.True, $"read size {readSize}");
            Assert.That(result.Content, Is.EqualTo(Encoding.ASCII.GetBytes(content)), $"read size {readSize}");
            Assert.That(result.Violations, Is.EqualTo(ContentViolations.None));
            Assert.That(result.Consumed, Is.EqualTo(wire.Length));
        }
    }

    [Test]
    public void Octets_after_the_terminator_are_left_for_the_next_command()
    {
        foreach (var readSize in ReadSizes)
        {
            var result = Run("body\r\n.\r\nQUIT\r\n", BareLineEndingPolicy.Reject, readSize);

            Assert.That((result.Ended, result.Consumed), Is.EqualTo((true, "body\r\n.\r\n".Length)), $"read size {readSize}");
        }
    }

    // SMTP smuggling: none of these may end the data, and each is refused once the real terminator comes.
    [TestCase("a\n.\nb\r\n.\r\n")]
    [TestCase("a\r.\rb\r\n.\r\n")]
    [TestCase("a\n.\r\nb\r\n.\r\n")]
    [TestCase("a\r\n.\nb\r\n.\r\n")]
    [TestCase("a\r\n.\rb\r\n.\r\n")]
    [TestCase("a\r.\r\nb\r\n.\r\n")]
    [TestCase("bare\nlf\r\n.\r\n")]
    [TestCase("bare\rcr\r\n.\r\n")]
    [TestCase("ends with cr\r\r\n.\r\n")]
    [TestCase("\n.\r\n.\r\n")]
    public void Bare_line_endings_never_end_the_data_and_are_refused(string wire)
    {
        foreach (var readSize in ReadSizes)
        {
            var result = Run(wire, BareLineEndingPolicy.Reject, readSize);

            Assert.That(result.Ended, Is.True, $"read size {readSize}: the real terminator ends it");
            Assert.That(result.Consumed, Is.EqualTo(wire.Length), $"read size {readSize}: only the real CRLF.CRLF ends it");
            Assert.That(result.Violations, Is.EqualTo(ContentViolations.BareLineEnding), $"read size {readSize}");
        }
    }

    [TestCase("a\n.\n")]
    [TestCase("a\r.\r")]
    [TestCase("a\n.\r\n")]
    [TestCase("a\r\n.\n")]
    [TestCase("a\r\n.\r")]
    [TestCase("a\r\n. \r\n")]
    public void Smuggled_terminators_alone_do_not_end_the_data(string wire)
    {
        foreach (var policy in new[] { BareLineEndingPolicy.Reject, BareLineEndingPolicy.Normalize })
        {
            var result = Run(wire, policy, int.MaxValue);

            Assert.That(result.Ended, Is.False, $"{policy}");
        }
    }

    [TestCase("a\nb\r\n.\r\n", "a\r\nb\r\n")]
    [TestCase("a\n.\nb\r\n.\r\n", "a\r\n\r\nb\r\n")]
    [TestCase("a\n.\r\nb\r\n.\r\n", "a\r\n\r\nb\r\n")]
    [TestCase("a\r\n.\nb\r\n.\r\n", "a\r\n\r\nb\r\n")]
    [TestCase("a\n..x\n\r\n.\r\n", "a\r\n.x\r\n\r\n")]
    [TestCase("only lf\n.\r\n.\r\n", "only lf\r\n\r\n")]
    public void Normalize_turns_bare_lf_into_crlf_but_still_ends_only_on_crlf_dot_crlf(string wire, string content)
    {
        foreach (var readSize in ReadSizes)
        {
            var result = Run(wire, BareLineEndingPolicy.Normalize, readSize);

            Assert.That(result.Violations, Is.EqualTo(ContentViolations.None), $"read size {readSize}");
            Assert.That(result.Ended, Is.True, $"read size {readSize}");
            Assert.That(Encoding.ASCII.GetString(result.Content), Is.EqualTo(content), $"read size {readSize}");
        }
    }

    [TestCase("bare\rcr\r\n.\r\n")]
    [TestCase("a\r.\rb\r\n.\r\n")]
    public void Normalize_still_refuses_bare_cr(string wire)
    {
        var result = Run(wire, BareLineEndingPolicy.Normalize, 1);

        Assert.That((result.Ended, result.Violations), Is.EqualTo((true, ContentViolations.BareLineEnding)));
    }

    [Test]
    public void Line_of_exactly_the_limit_is_accepted_and_one_more_octet_is_refused()
    {
        var longest = new string('x', LineLimit - 2) + "\r\n";
        var tooLong = new string('x', LineLimit - 1) + "\r\n";

        var accepted = Run(longest + ".\r\n", BareLineEndingPolicy.Reject, 7);
        var refused = Run(tooLong + "next\r\n.\r\n", BareLineEndingPolicy.Reject, 7);

        Assert.That((accepted.Violations, accepted.Content.Length), Is.EqualTo((ContentViolations.None, LineLimit)));
        Assert.That((refused.Ended, refused.Violations), Is.EqualTo((true, ContentViolations.LineTooLong)));
        Assert.That(refused.Content, Has.Length.LessThan(LineLimit), "nothing is emitted after the violation");
    }

    [Test]
    public void A_stuffed_dot_counts_towards_the_wire_line_length()
    {
        var line = "." + new string('x', LineLimit - 2) + "\r\n";

        var result = Run(line + ".\r\n", BareLineEndingPolicy.Reject, int.MaxValue);

        Assert.That(result.Violations, Is.EqualTo(ContentViolations.LineTooLong));
    }

    [Test]
    public void Content_over_the_size_limit_is_refused_but_read_to_the_terminator()
    {
        var result = Run("12345678\r\nmore\r\n.\r\nNEXT", BareLineEndingPolicy.Reject, 3, maxSize: 10);

        Assert.That((result.Ended, result.Violations, result.Consumed), Is.EqualTo((true, ContentViolations.TooLarge, 19)));
        Assert.That(Encoding.ASCII.GetString(result.Content), Is.EqualTo("12345678\r\n"), "emits nothing past the limit");
    }

    [Test]
    public void Content_of_exactly_the_size_limit_is_accepted()
    {
        var result = Run("12345678\r\n.\r\n", BareLineEndingPolicy.Reject, 3, maxSize: 10);

        Assert.That((result.Ended, result.Violations, result.Content.Length), Is.EqualTo((true, ContentViolations.None, 10)));
    }

    [Test]
    public void Chunked_content_keeps_dots_and_has_no_terminator()
    {
        var decoder = new MessageContentDecoder(ContentFraming.Chunked, BareLineEndingPolicy.Reject, LineLimit, long.MaxValue);
        var output = new ArrayBufferWriter<byte>();

        var ended = decoder.Decode(Sequence(".\r\n..x\r\n.\r\n"), output, out _);
        decoder.Complete(output);

        Assert.That(ended, Is.False);
        Assert.That(Encoding.ASCII.GetString(output.WrittenSpan), Is.EqualTo(".\r\n..x\r\n.\r\n"));
        Assert.That(decoder.Violations, Is.EqualTo(ContentViolations.None));
    }

    [Test]
    public void Chunked_content_without_a_final_line_end_gets_crlf()
    {
        var decoder = new MessageContentDecoder(ContentFraming.Chunked, BareLineEndingPolicy.Reject, LineLimit, long.MaxValue);
        var output = new ArrayBufferWriter<byte>();

        decoder.Decode(Sequence("last line"), output, out _);
        decoder.Complete(output);

        Assert.That(Encoding.ASCII.GetString(output.WrittenSpan), Is.EqualTo("last line\r\n"));
    }

    [TestCase(0, false)]
    [TestCase(1, true)]
    public void The_CRLF_added_to_a_last_chunked_line_counts_toward_the_line_limit(int over, bool tooLong)
    {
        // Found by the fuzz harness (issue 14): a last line of limit - 1 octets became limit + 1 with its CRLF, unrefused.
        var decoder = new MessageContentDecoder(ContentFraming.Chunked, BareLineEndingPolicy.Reject, LineLimit, long.MaxValue);

        decoder.Decode(Sequence(new string('x', LineLimit - 2 + over)), new ArrayBufferWriter<byte>(), out _);
        decoder.Complete(new ArrayBufferWriter<byte>());

        Assert.That(decoder.Violations, Is.EqualTo(tooLong ? ContentViolations.LineTooLong : ContentViolations.None));
    }

    [Test]
    public void Chunked_content_ending_in_cr_has_a_bare_cr()
    {
        var decoder = new MessageContentDecoder(ContentFraming.Chunked, BareLineEndingPolicy.Reject, LineLimit, long.MaxValue);
        var output = new ArrayBufferWriter<byte>();

        decoder.Decode(Sequence("line\r"), output, out _);
        decoder.Complete(output);

        Assert.That(decoder.Violations, Is.EqualTo(ContentViolations.BareLineEnding));
    }

    [Test]
    public void Chunked_content_still_refuses_bare_lf()
    {
        var decoder = new MessageContentDecoder(ContentFraming.Chunked, BareLineEndingPolicy.Reject, LineLimit, long.MaxValue);

        decoder.Decode(Sequence("a\nb\r\n"), new ArrayBufferWriter<byte>(), out _);

        Assert.That(decoder.Violations, Is.EqualTo(ContentViolations.BareLineEnding));
    }

    [Test]
    public void Binary_content_passes_any_octets_and_checks_only_the_size()
    {
        var decoder = new MessageContentDecoder(ContentFraming.Binary, BareLineEndingPolicy.Reject, LineLimit, 6);
        var output = new ArrayBufferWriter<byte>();

        decoder.Decode(new ReadOnlySequence<byte>(new byte[] { 0, (byte)'\n', (byte)'\r', 0xFF }), output, out _);
        decoder.Complete(output);

        Assert.That(output.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 0, (byte)'\n', (byte)'\r', 0xFF }));
        decoder.Decode(new ReadOnlySequence<byte>(new byte[3]), output, out _);
        Assert.That(decoder.Violations, Is.EqualTo(ContentViolations.TooLarge));
    }

    private static DecodeResult Run(string wire, BareLineEndingPolicy policy, int readSize, long maxSize = long.MaxValue)
    {
        var decoder = new MessageContentDecoder(ContentFraming.DotStuffed, policy, LineLimit, maxSize);
        var output = new ArrayBufferWriter<byte>();
        var octets = Encoding.ASCII.GetBytes(wire);
        var offset = 0;
        while (offset < octets.Length)
        {
            var take = Math.Min(readSize, octets.Length - offset);
            var input = new ReadOnlySequence<byte>(octets, offset, take);
            var ended = decoder.Decode(input, output, out var consumed);
            offset += (int)input.Slice(0, consumed).Length;
            if (ended)
            {
                return new DecodeResult(true, offset, output.WrittenSpan.ToArray(), decoder.Violations);
            }
        }

        return new DecodeResult(false, offset, output.WrittenSpan.ToArray(), decoder.Violations);
    }

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.ASCII.GetBytes(text));

    private sealed record DecodeResult(bool Ended, int Consumed, byte[] Content, ContentViolations Violations);
}
