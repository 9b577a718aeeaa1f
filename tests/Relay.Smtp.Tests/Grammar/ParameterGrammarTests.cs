using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Tests.Grammar;

public sealed class ParameterGrammarTests
{
    [Test]
    public void Mail_parameters_are_space_separated_keywords_with_optional_values()
    {
        var (parsed, parameters, rest) = GrammarInput.Parse<IReadOnlyList<EsmtpParameter>>("SIZE=1000 BODY=8BITMIME SMTPUTF8", ParameterGrammar.TryParseMailParameters);

        Assert.That(parsed, Is.True);
        Assert.That(rest, Is.Empty);
        Assert.That(parameters, Is.EqualTo(new[]
        {
            new EsmtpParameter("SIZE", "1000"),
            new EsmtpParameter("BODY", "8BITMIME"),
            new EsmtpParameter("SMTPUTF8", null),
        }));
    }

    [Test]
    public void Mail_parameters_tolerate_runs_of_spaces()
    {
        var (parsed, parameters, rest) = GrammarInput.Parse<IReadOnlyList<EsmtpParameter>>("A=1   B  ", ParameterGrammar.TryParseMailParameters);

        Assert.That((parsed, parameters.Count, rest), Is.EqualTo((true, 2, "")));
    }

    [TestCase("=1")]
    [TestCase("SIZE=")]
    [TestCase("SIZE==1")]
    [TestCase("-X=1")]
    [TestCase("X_Y=1")]
    [TestCase("A=1 =2")]
    [TestCase("A=1\u0001")]
    public void Mail_parameters_refuse_bad_syntax(string text)
    {
        var (parsed, parameters, rest) = GrammarInput.Parse<IReadOnlyList<EsmtpParameter>>(text, ParameterGrammar.TryParseMailParameters);

        Assert.That((parsed, parameters.Count, rest), Is.EqualTo((false, 0, text)));
    }

    [TestCase("SIZE", "SIZE", null)]
    [TestCase("X-Custom=a+b/c", "X-Custom", "a+b/c")]
    [TestCase("AUTH=<>", "AUTH", "<>")]
    [TestCase("1X=~", "1X", "~")]
    public void Esmtp_param_is_a_keyword_and_an_optional_value(string text, string keyword, string? value)
    {
        var (parsed, parameter, rest) = GrammarInput.Parse<EsmtpParameter>(text, ParameterGrammar.TryParseEsmtpParam);

        Assert.That((parsed, parameter, rest), Is.EqualTo((true, new EsmtpParameter(keyword, value), "")));
    }

    [TestCase("KEY-word2", true, "KEY-word2", "")]
    [TestCase("K=v", true, "K", "=v")]
    [TestCase("-K", false, "", "-K")]
    public void Esmtp_keyword_starts_with_a_letter_or_digit(string text, bool expected, string keyword, string rest)
    {
        var result = GrammarInput.Parse<string>(text, ParameterGrammar.TryParseEsmtpKeyword);

        Assert.That((result.Parsed, result.Result, result.Left), Is.EqualTo((expected, keyword, rest)));
    }

    [TestCase("abc", true, "abc", "")]
    [TestCase("a=b", true, "a", "=b")]
    [TestCase("a b", true, "a", " b")]
    [TestCase("wert€", true, "wert€", "")]
    [TestCase(" a", false, "", " a")]
    public void Esmtp_value_excludes_equals_space_and_controls(string text, bool expected, string value, string rest)
    {
        var result = GrammarInput.Parse<string>(text, ParameterGrammar.TryParseEsmtpValue);

        Assert.That((result.Parsed, result.Result, result.Left), Is.EqualTo((expected, value, rest)));
    }
}
