using System.Buffers;
using System.Text;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Tests.Protocol;

public sealed class SmtpReplyTests
{
    [Test]
    public void Writes_a_single_line_reply_with_its_enhanced_code()
    {
        Assert.That(Wire(new SmtpReply(250, "2.1.0", "Sender OK")), Is.EqualTo("250 2.1.0 Sender OK\r\n"));
    }

    [Test]
    public void Writes_a_multi_line_reply_with_the_code_on_every_line()
    {
        Assert.That(Wire(new SmtpReply(550, "5.7.1", "first\nsecond")), Is.EqualTo("550-5.7.1 first\r\n550 5.7.1 second\r\n"));
    }

    [Test]
    public void Writes_a_reply_without_an_enhanced_code()
    {
        Assert.That(Wire(new SmtpReply(354, string.Empty, "go ahead")), Is.EqualTo("354 go ahead\r\n"));
    }

    [TestCase(199)]
    [TestCase(600)]
    public void Refuses_codes_outside_2xx_to_5xx(int code)
    {
        Assert.That(() => new SmtpReply(code, string.Empty, "x"), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(250, "5.0.0")]
    [TestCase(550, "2.0.0")]
    [TestCase(550, "5.0")]
    [TestCase(550, "5.1234.0")]
    [TestCase(550, "3.0.0")]
    [TestCase(550, "5.a.0")]
    public void Refuses_enhanced_codes_that_do_not_match(int code, string enhanced)
    {
        Assert.That(() => new SmtpReply(code, enhanced, "x"), Throws.ArgumentException);
    }

    [TestCase("injected\r\n250 OK")]
    [TestCase("nul\0")]
    [TestCase("tab\t")]
    public void Refuses_control_characters_so_a_seam_cannot_inject_reply_lines(string text)
    {
        Assert.That(() => new SmtpReply(550, "5.0.0", text), Throws.ArgumentException);
    }

    [Test]
    public void With_expressions_are_validated_too()
    {
        Assert.That(() => SmtpReply.Ok with { Code = 700 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => SmtpReply.Ok with { Text = "a\r\n250 b" }, Throws.ArgumentException);
        Assert.That(() => SmtpReply.Ok with { EnhancedCode = "5.0.0" }, Throws.ArgumentException);
    }

    [Test]
    public void Well_known_replies_have_the_codes_the_host_relies_on()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SmtpReply.AuthenticationRequired.ToString(), Is.EqualTo("530 5.7.0 Authentication required"));
            Assert.That(SmtpReply.Ok.ToString(), Is.EqualTo("250 2.0.0 OK"));
            Assert.That(SmtpReply.LocalError.Code, Is.EqualTo(451));
        });
    }

    private static string Wire(SmtpReply reply)
    {
        var output = new ArrayBufferWriter<byte>();
        SmtpReplyWriter.Write(output, reply);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
