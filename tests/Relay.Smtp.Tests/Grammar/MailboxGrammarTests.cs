using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Tests.Grammar;

public sealed class MailboxGrammarTests
{
    [TestCase("user@example.com")]
    [TestCase("User.Name+tag@Example.COM")]
    [TestCase("!#$%&'*+-/=?^_`{|}~@example.com")]
    [TestCase("\"john doe\"@example.com")]
    [TestCase("\"a\\\"b\"@example.com")]
    [TestCase("\"\"@example.com")]
    [TestCase("\"with@at\"@example.com")]
    [TestCase("user@[192.0.2.1]")]
    [TestCase("user@[IPv6:2001:db8::1]")]
    [TestCase("postmaster@a")]
    public void Mailbox_accepts_rfc5321_mailboxes_exactly_as_given(string text)
    {
        var (parsed, mailbox, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string m) => MailboxGrammar.TryParseMailbox(ref r, false, out m));

        Assert.That((parsed, mailbox, rest), Is.EqualTo((true, text, "")));
    }

    [TestCase("user")]
    [TestCase("@example.com")]
    [TestCase("user@")]
    [TestCase(".user@example.com")]
    [TestCase("us..er@example.com")]
    [TestCase("user.@example.com")]
    [TestCase("us er@example.com")]
    [TestCase("us(er@example.com")]
    [TestCase("\"unterminated@example.com")]
    [TestCase("\"tab\there\"@example.com")]
    [TestCase("user@exa mple.com")]
    [TestCase("user@@example.com")]
    public void Mailbox_refuses_bad_syntax_and_consumes_nothing(string text)
    {
        var (parsed, _, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string m) => MailboxGrammar.TryParseMailbox(ref r, false, out m));

        Assert.That(parsed && rest.Length == 0, Is.False, "not a whole mailbox");
        if (!parsed)
        {
            Assert.That(rest, Is.EqualTo(text));
        }
    }

    [TestCase("用户@例子.广告")]
    [TestCase("δοκιμή@παράδειγμα.δοκιμή")]
    [TestCase("\"jöhn dœ\"@example.com")]
    [TestCase("ñoño@example.com")]
    public void Mailbox_accepts_utf8_only_with_smtputf8(string text)
    {
        var withUtf8 = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string m) => MailboxGrammar.TryParseMailbox(ref r, true, out m));
        var withoutUtf8 = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string m) => MailboxGrammar.TryParseMailbox(ref r, false, out m));

        Assert.That((withUtf8.Parsed, withUtf8.Result, withUtf8.Left), Is.EqualTo((true, text, "")));
        Assert.That(withoutUtf8.Parsed, Is.False);
    }

    [TestCase("a.b.c", true, "")]
    [TestCase("a..b", true, "..b")]
    [TestCase(".a", false, ".a")]
    public void Dot_string_is_atoms_separated_by_single_dots(string text, bool expected, string rest)
    {
        Assert.That(GrammarInput.Recognize(text, (ref SequenceReader<byte> r) => MailboxGrammar.TryParseDotString(ref r, false)), Is.EqualTo((expected, rest)));
    }

    [TestCase("abc", true, "")]
    [TestCase("a b", true, " b")]
    [TestCase("", false, "")]
    [TestCase("@", false, "@")]
    public void Atom_is_one_or_more_atext(string text, bool expected, string rest)
    {
        Assert.That(GrammarInput.Recognize(text, (ref SequenceReader<byte> r) => MailboxGrammar.TryParseAtom(ref r, false)), Is.EqualTo((expected, rest)));
    }

    [TestCase("\"plain\"", true, "")]
    [TestCase("\"esc\\\\aped\"x", true, "x")]
    [TestCase("\"quote\\\"inside\"", true, "")]
    [TestCase("\"\"", true, "")]
    [TestCase("\"open", false, "\"open")]
    [TestCase("\"bad\\\u0001\"", false, "\"bad\\\u0001\"")]
    [TestCase("noquote", false, "noquote")]
    public void Quoted_string_handles_qtext_and_quoted_pairs(string text, bool expected, string rest)
    {
        Assert.That(GrammarInput.Recognize(text, (ref SequenceReader<byte> r) => MailboxGrammar.TryParseQuotedString(ref r, false)), Is.EqualTo((expected, rest)));
    }

    [TestCase("local@x", "local")]
    [TestCase("\"q l\"@x", "\"q l\"")]
    public void Local_part_is_a_dot_string_or_a_quoted_string(string text, string localPart)
    {
        var (parsed, result, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string l) => MailboxGrammar.TryParseLocalPart(ref r, false, out l));

        Assert.That((parsed, result, rest), Is.EqualTo((true, localPart, "@x")));
    }
}
