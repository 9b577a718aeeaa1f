using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Tests.Grammar;

public sealed class PathGrammarTests
{
    [TestCase("<user@example.com>", "user@example.com", "")]
    [TestCase("<user@example.com> SIZE=10", "user@example.com", " SIZE=10")]
    [TestCase("<@relay.example,@hop.example:user@example.com>", "user@example.com", "")]
    [TestCase("<\"odd one\"@example.com>", "\"odd one\"@example.com", "")]
    public void Path_strips_angle_brackets_and_any_source_route(string text, string mailbox, string rest)
    {
        var (parsed, result, left) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string m) => PathGrammar.TryParsePath(ref r, false, out m));

        Assert.That((parsed, result, left), Is.EqualTo((true, mailbox, rest)));
    }

    [TestCase("user@example.com")]
    [TestCase("<user@example.com")]
    [TestCase("user@example.com>")]
    [TestCase("<>")]
    [TestCase("< user@example.com>")]
    [TestCase("<user@example.com >")]
    [TestCase("<@relay.example:>")]
    [TestCase("<<user@example.com>>")]
    public void Path_refuses_bad_syntax_and_consumes_nothing(string text)
    {
        var (parsed, _, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string m) => PathGrammar.TryParsePath(ref r, false, out m));

        Assert.That((parsed, rest), Is.EqualTo((false, text)));
    }

    [Test]
    public void Reverse_path_accepts_the_null_path_as_empty()
    {
        var (parsed, result, rest) = GrammarInput.Parse<string>("<> BODY=8BITMIME", (ref SequenceReader<byte> r, out string p) => PathGrammar.TryParseReversePath(ref r, false, out p));

        Assert.That((parsed, result, rest), Is.EqualTo((true, string.Empty, " BODY=8BITMIME")));
    }

    [Test]
    public void Reverse_path_accepts_an_ordinary_path()
    {
        var (parsed, result, rest) = GrammarInput.Parse<string>("<a@b.example>", (ref SequenceReader<byte> r, out string p) => PathGrammar.TryParseReversePath(ref r, false, out p));

        Assert.That((parsed, result, rest), Is.EqualTo((true, "a@b.example", "")));
    }

    [TestCase("<Postmaster>", "Postmaster")]
    [TestCase("<postmaster>", "postmaster")]
    [TestCase("<Postmaster@example.com>", "Postmaster@example.com")]
    [TestCase("<user@example.com>", "user@example.com")]
    public void Forward_path_accepts_paths_and_the_bare_postmaster(string text, string expected)
    {
        var (parsed, result, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string p) => PathGrammar.TryParseForwardPath(ref r, false, out p));

        Assert.That((parsed, result, rest), Is.EqualTo((true, expected, "")));
    }

    [TestCase("<>")]
    [TestCase("<user>")]
    [TestCase("<Postmasterx>")]
    public void Forward_path_refuses_the_null_path_and_bare_local_parts(string text)
    {
        var (parsed, _, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string p) => PathGrammar.TryParseForwardPath(ref r, false, out p));

        Assert.That((parsed, rest), Is.EqualTo((false, text)));
    }

    [TestCase("@a.example", true, "")]
    [TestCase("@a.example,@b.example:", true, ":")]
    [TestCase("@a.example,", false, "@a.example,")]
    [TestCase("a.example", false, "a.example")]
    public void At_domain_list_is_comma_separated_at_domains(string text, bool expected, string rest)
    {
        Assert.That(GrammarInput.Recognize(text, PathGrammar.TryParseAtDomainList), Is.EqualTo((expected, rest)));
    }
}
