using System.Text;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Tests.Protocol;

public sealed class CommandLineTests
{
    [TestCase("EHLO example.com", SmtpVerb.Ehlo, "example.com")]
    [TestCase("ehlo example.com", SmtpVerb.Ehlo, "example.com")]
    [TestCase("MAIL FROM:<a@b>", SmtpVerb.Mail, "FROM:<a@b>")]
    [TestCase("MAIL   FROM:<a@b>   ", SmtpVerb.Mail, "FROM:<a@b>")]
    [TestCase("StartTls", SmtpVerb.StartTls, "")]
    [TestCase("QUIT ", SmtpVerb.Quit, "")]
    [TestCase("DATA", SmtpVerb.Data, "")]
    [TestCase("BDAT 10 LAST", SmtpVerb.Bdat, "10 LAST")]
    [TestCase("AUTH PLAIN AGFsaWNl", SmtpVerb.Auth, "PLAIN AGFsaWNl")]
    public void Splits_verb_and_trimmed_argument(string line, object verb, string argument)
    {
        var parsed = CommandLine.TryParse(Encoding.ASCII.GetBytes(line), out var command);

        Assert.That((parsed, command.Verb, Encoding.ASCII.GetString(command.Argument.Span)), Is.EqualTo((true, (SmtpVerb)verb, argument)));
    }

    [TestCase("")]
    [TestCase(" NOOP")]
    [TestCase("NOPE")]
    [TestCase("NOOP\0")]
    [TestCase("STARTTLSX")]
    [TestCase("MAIL:FROM")]
    [TestCase("EHL0 x")]
    [TestCase("ÉHLO x")]
    public void Refuses_unknown_verbs(string line)
    {
        Assert.That(CommandLine.TryParse(Encoding.UTF8.GetBytes(line), out _), Is.False);
    }
}
