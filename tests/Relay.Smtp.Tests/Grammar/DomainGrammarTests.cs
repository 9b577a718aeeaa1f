using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Tests.Grammar;

public sealed class DomainGrammarTests
{
    [TestCase("example.com", "example.com", "")]
    [TestCase("a", "a", "")]
    [TestCase("mail-1.Example.COM", "mail-1.Example.COM", "")]
    [TestCase("1.2.3.4", "1.2.3.4", "")]
    [TestCase("xn--bcher-kva.example", "xn--bcher-kva.example", "")]
    [TestCase("example.com>", "example.com", ">")]
    [TestCase("example.com.", "example.com", ".")]
    [TestCase("example..com", "example", "..com")]
    public void Domain_parses_sub_domains_separated_by_dots(string text, string domain, string rest)
    {
        var (parsed, result, left) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string d) => DomainGrammar.TryParseDomain(ref r, false, out d));

        Assert.That((parsed, result, left), Is.EqualTo((true, domain, rest)));
    }

    [TestCase("")]
    [TestCase("-example.com")]
    [TestCase(".example.com")]
    [TestCase("exa_mple.com")]
    [TestCase("example-.com")]
    [TestCase("bücher.example")]
    public void Domain_refuses_what_is_not_a_domain_and_consumes_nothing(string text)
    {
        var (parsed, _, rest) = GrammarInput.Parse<string>(text, (ref SequenceReader<byte> r, out string d) => DomainGrammar.TryParseDomain(ref r, false, out d));

        Assert.That(parsed && rest.Length == 0, Is.False);
        if (!parsed)
        {
            Assert.That(rest, Is.EqualTo(text));
        }
    }

    [Test]
    public void Domain_accepts_u_labels_only_with_utf8()
    {
        var (parsed, domain, rest) = GrammarInput.Parse<string>("bücher.例え.jp", (ref SequenceReader<byte> r, out string d) => DomainGrammar.TryParseDomain(ref r, true, out d));

        Assert.That((parsed, domain, rest), Is.EqualTo((true, "bücher.例え.jp", "")));
    }

    [Test]
    public void Domain_refuses_malformed_utf8_even_with_utf8_allowed()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([(byte)'a', 0xC3, 0x28, (byte)'.', (byte)'b']));

        var parsed = DomainGrammar.TryParseDomain(ref reader, allowUtf8: true, out var domain);

        Assert.That((parsed, domain, reader.Consumed), Is.EqualTo((true, "a", 1L)), "stops before the invalid sequence");
    }

    [Test]
    public void Sub_domain_is_at_most_63_octets()
    {
        var longest = new string('a', 63);
        var tooLong = new string('a', 64);

        Assert.That(GrammarInput.Recognize(longest, (ref SequenceReader<byte> r) => DomainGrammar.TryParseSubDomain(ref r, false)), Is.EqualTo((true, "")));
        Assert.That(GrammarInput.Recognize(tooLong, (ref SequenceReader<byte> r) => DomainGrammar.TryParseSubDomain(ref r, false)).Parsed, Is.False);
    }

    [Test]
    public void Domain_is_at_most_255_octets()
    {
        var label = new string('a', 63);
        var longest = string.Join('.', label, label, label, new string('b', 63));
        var tooLong = longest + ".c";

        Assert.That(longest, Has.Length.EqualTo(255));
        Assert.That(GrammarInput.Parse<string>(longest, (ref SequenceReader<byte> r, out string d) => DomainGrammar.TryParseDomain(ref r, false, out d)).Parsed, Is.True);
        Assert.That(GrammarInput.Parse<string>(tooLong, (ref SequenceReader<byte> r, out string d) => DomainGrammar.TryParseDomain(ref r, false, out d)).Parsed, Is.False);
    }

    [TestCase("[192.0.2.1]")]
    [TestCase("[0.0.0.0]")]
    [TestCase("[255.255.255.255]")]
    [TestCase("[IPv6:2001:db8::1]")]
    [TestCase("[ipv6:::1]")]
    [TestCase("[IPv6:::ffff:192.0.2.1]")]
    [TestCase("[IPv6:2001:db8:0:0:0:0:0:1]")]
    [TestCase("[x-tag:some-content]")]
    public void Address_literal_accepts_ipv4_ipv6_and_general_literals(string text)
    {
        var (parsed, literal, rest) = GrammarInput.Parse<string>(text, DomainGrammar.TryParseAddressLiteral);

        Assert.That((parsed, literal, rest), Is.EqualTo((true, text, "")));
    }

    [TestCase("192.0.2.1")]
    [TestCase("[192.0.2.256]")]
    [TestCase("[192.0.2]")]
    [TestCase("[1.2.3.4.5]")]
    [TestCase("[0192.0.2.1]")]
    [TestCase("[IPv6:2001:db8::g]")]
    [TestCase("[IPv6:1::2::3]")]
    [TestCase("[IPv6:fe80::1%eth0]")]
    [TestCase("[]")]
    [TestCase("[192.0.2.1")]
    [TestCase("[tag:]")]
    [TestCase("[tag:a]b]")]
    public void Address_literal_refuses_malformed_literals(string text)
    {
        var (parsed, _, rest) = GrammarInput.Parse<string>(text, DomainGrammar.TryParseAddressLiteral);

        Assert.That(parsed && rest.Length == 0, Is.False);
    }

    [TestCase("0.0.0.0", true)]
    [TestCase("10.20.30.40", true)]
    [TestCase("256.1.1.1", false)]
    [TestCase("1.2.3", false)]
    [TestCase("1..2.3", false)]
    public void IPv4_address_literal_is_four_snums(string text, bool expected)
    {
        var (parsed, rest) = GrammarInput.Recognize(text, DomainGrammar.TryParseIPv4AddressLiteral);

        Assert.That(parsed, Is.EqualTo(expected));
        Assert.That(rest, Is.EqualTo(expected ? string.Empty : text));
    }
}
