namespace Relay.Delivery.Tests;

public sealed class NextHopReplyTests
{
    [TestCase(550, "5.1.1 User unknown", "5.1.1", "User unknown")]
    [TestCase(550, "User unknown", "5.0.0", "User unknown")]
    [TestCase(451, "4.3.0 first\n4.3.0 second", "4.3.0", "first second")]
    [TestCase(451, "5.1.1 wrong class is kept as text", "4.0.0", "5.1.1 wrong class is kept as text")]
    [TestCase(250, "2.0.0 Ok: queued as X", "2.0.0", "Ok: queued as X")]
    [TestCase(250, "", "2.0.0", "")]
    [TestCase(554, "5.7.1\tbad\u0007bell", "5.7.1", "bad bell")]
    [TestCase(552, "5.3.4", "5.3.4", "")]
    public void Splits_status_code_from_text(int code, string response, string status, string text)
    {
        var fallback = $"{code / 100}.0.0";

        Assert.That(NextHopReply.Parse(code, response, fallback), Is.EqualTo((status, text)));
    }

    [Test]
    public void Long_text_is_cut_to_fit_a_reply_line()
    {
        var (_, text) = NextHopReply.Parse(550, "5.0.0 " + new string('x', 2000), "5.0.0");

        Assert.That(text, Has.Length.EqualTo(NextHopReply.MaxTextLength).And.EndWith("..."));
    }

    [Test]
    public void Clean_removes_line_breaks() =>
        Assert.That(NextHopReply.Clean("a\r\nb\nc"), Is.EqualTo("a  b c"));
}
