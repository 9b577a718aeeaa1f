using System.Text;
using Relay.Fuzz.Smtp;

namespace Relay.Fuzz.Tests;

/// <summary>The reply rules the SMTP target checks, on planted server output.</summary>
public sealed class SmtpReplyCheckerTests
{
    private const string Server = "mx.fuzz.example";
    private const string Greeting = "220 mx.fuzz.example ESMTP ready\r\n";

    [Test]
    public void A_normal_session_passes()
    {
        var output = Greeting
            + "250-mx.fuzz.example\r\n250-PIPELINING\r\n250-SIZE 65536\r\n250 ENHANCEDSTATUSCODES\r\n"
            + "250 2.1.0 Sender OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n250 2.6.0 Queued as FUZZ1\r\n"
            + "501 Syntax: EHLO domain-or-address-literal\r\n221 2.0.0 Bye\r\n";

        Assert.Multiple(() =>
        {
            Assert.That(SmtpReplyChecker.Check(Encoding.ASCII.GetBytes(output), Server, out var replies), Is.Null);
            Assert.That(replies, Has.Count.EqualTo(7));
        });
    }

    [TestCase("250 Sender OK\r\n", "no enhanced status code")]
    [TestCase("550 2.1.0 Sender OK\r\n", "class differs")]
    [TestCase("250 2.1.0 Sender OK\n", "without CRLF")]
    [TestCase("250 2.1.0 Sender\nOK\r\n", "control octet")]
    [TestCase("650 6.0.0 What\r\n", "is not 'ddd-'")]
    [TestCase("25 2.0.0 Short\r\n", "is not 'ddd-'")]
    [TestCase("250-2.0.0 One\r\n251 2.0.0 Two\r\n", "changes code")]
    [TestCase("250-2.0.0 One\r\n", "never ends")]
    [TestCase("250 2.0.0 NUL\0inside\r\n", "control octet")]
    public void A_planted_bad_reply_is_named(string reply, string problem)
    {
        var output = Encoding.Latin1.GetBytes(Greeting + reply);

        Assert.That(SmtpReplyChecker.Check(output, Server, out _), Does.Contain(problem));
    }
}
