using System.Buffers;
using System.Text;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Tests.Protocol;

public sealed class LineFramerTests
{
    [Test]
    public void Frames_the_first_line_including_its_line_feed()
    {
        var status = LineFramer.TryFrame(Sequence("NOOP\r\nQUIT\r\n"), 512, out var line);

        Assert.That((status, Encoding.ASCII.GetString(line)), Is.EqualTo((LineFrame.Complete, "NOOP\r\n")));
    }

    [Test]
    public void A_line_of_exactly_the_limit_is_complete_and_one_octet_more_is_too_long()
    {
        var exact = new string('x', 510) + "\r\n";
        var over = new string('x', 511) + "\r\n";

        Assert.That(LineFramer.TryFrame(Sequence(exact), 512, out _), Is.EqualTo(LineFrame.Complete));
        Assert.That(LineFramer.TryFrame(Sequence(over), 512, out _), Is.EqualTo(LineFrame.TooLong));
    }

    [Test]
    public void Does_not_look_past_the_limit_for_a_line_feed()
    {
        var input = new string('x', 600) + "\n";

        Assert.That(LineFramer.TryFrame(Sequence(input), 512, out _), Is.EqualTo(LineFrame.TooLong));
    }

    [Test]
    public void A_partial_line_under_the_limit_is_incomplete()
    {
        Assert.That(LineFramer.TryFrame(Sequence("MAIL FROM:<a@b"), 512, out _), Is.EqualTo(LineFrame.Incomplete));
    }

    [TestCase("NOOP\r\n", BareLineEndingPolicy.Reject, InputLineStatus.Complete, "NOOP")]
    [TestCase("NOOP\n", BareLineEndingPolicy.Reject, InputLineStatus.BareLineEnding, "")]
    [TestCase("NOOP\n", BareLineEndingPolicy.Normalize, InputLineStatus.Complete, "NOOP")]
    [TestCase("NO\rOP\r\n", BareLineEndingPolicy.Reject, InputLineStatus.BareLineEnding, "")]
    [TestCase("NO\rOP\r\n", BareLineEndingPolicy.Normalize, InputLineStatus.BareLineEnding, "")]
    [TestCase("NOOP\r\r\n", BareLineEndingPolicy.Reject, InputLineStatus.BareLineEnding, "")]
    [TestCase("\r\n", BareLineEndingPolicy.Reject, InputLineStatus.Complete, "")]
    public void Classify_checks_the_line_end(string text, BareLineEndingPolicy policy, object status, string content)
    {
        var line = LineFramer.Classify(Encoding.ASCII.GetBytes(text), policy);

        Assert.That((line.Status, Encoding.ASCII.GetString(line.Content.Span)), Is.EqualTo(((InputLineStatus)status, content)));
    }

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.ASCII.GetBytes(text));
}
