using System.Text;
using Relay.Core.Ingestion;

namespace Relay.Core.Tests;

public sealed class FromHeaderTests
{
    private static IEnumerable<TestCaseData> Corpus() =>
        FromFieldCorpus.Entries.Select(e => new TestCaseData(e.Value, e.Expected).SetArgDisplayNames(e.Name));

    [TestCaseSource(nameof(Corpus))]
    public void Reads_exactly_one_rfc5322_mailbox_or_refuses(string value, string? expected)
    {
        var address = FromHeader.ParseSingleMailbox(Encoding.UTF8.GetBytes(value + "\r\n"), out var problem);

        Assert.That(address, Is.EqualTo(expected));
        Assert.That(problem, expected is null ? Is.Not.Empty : Is.Empty);
    }

    [TestCase(" ceo@bank.test <x@example.test", "angle bracket that is not closed")]
    [TestCase(" boss@bank.test <x@example.test>", "display name holding '@' must be a quoted string")]
    [TestCase(" ceo@[bank.test] <x@example.test>", "domain literal")]
    [TestCase(" a@example.test, b@example.test", "exactly one address")]
    [TestCase(" group: a@example.test;", "group")]
    [TestCase(" Joe <@route.test:x@example.test>", "source route")]
    [TestCase(" x@example.test (unclosed", "not closed")]
    [TestCase(" Jo\0e <x@example.test>", "control character")]
    public void A_refusal_says_what_is_wrong(string value, string expected)
    {
        FromHeader.ParseSingleMailbox(Encoding.UTF8.GetBytes(value + "\r\n"), out var problem);

        Assert.That(problem, Does.Contain(expected));
    }

    [Test]
    public void A_hostile_comment_nesting_is_refused_not_recursed()
    {
        var value = " x@example.test " + new string('(', 100_000) + new string(')', 100_000);

        Assert.That(FromHeader.ParseSingleMailbox(Encoding.ASCII.GetBytes(value), out _), Is.Null);
    }

    [Test]
    public void The_header_is_read_raw_so_an_encoded_display_name_is_not_decoded_into_specials()
    {
        using var message = new MemoryStream("From: =?utf-8?q?Doe=2C_John_=3Cceo=40bank.test=3E?= <x@example.test>\r\n\r\nHi\r\n"u8.ToArray());

        Assert.That(FromHeader.ReadSingleAddress(message, out _), Is.EqualTo("x@example.test"));
        Assert.That(message.Position, Is.Zero);
    }
}
