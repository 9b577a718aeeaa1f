namespace Relay.Dns.Tests;

public sealed class TxtCharacterStringsTests
{
    [TestCase(0, 1)]
    [TestCase(1, 1)]
    [TestCase(255, 1)]
    [TestCase(256, 2)]
    [TestCase(510, 2)]
    [TestCase(511, 3)]
    public void Splits_into_strings_of_at_most_255_octets(int length, int expectedCount)
    {
        var value = new string('a', length);

        var pieces = TxtCharacterStrings.Split(value);

        Assert.Multiple(() =>
        {
            Assert.That(pieces, Has.Count.EqualTo(expectedCount));
            Assert.That(pieces.Take(pieces.Count - 1), Has.All.Length.EqualTo(255));
            Assert.That(string.Concat(pieces), Is.EqualTo(value));
        });
    }

    [Test]
    public void A_2048_bit_key_needs_two_strings_and_a_4096_bit_key_more()
    {
        var short2048 = TxtCharacterStrings.Split(TestKeys.Txt2048);
        var long4096 = TxtCharacterStrings.Split(TestKeys.Txt4096);

        Assert.Multiple(() =>
        {
            Assert.That(short2048, Has.Count.EqualTo(2));
            Assert.That(string.Concat(short2048), Is.EqualTo(TestKeys.Txt2048));
            Assert.That(long4096, Has.Count.GreaterThanOrEqualTo(3));
            Assert.That(string.Concat(long4096), Is.EqualTo(TestKeys.Txt4096));
            Assert.That(long4096, Has.All.Length.LessThanOrEqualTo(255));
        });
    }

    [TestCase("v=DKIM1; p=\u00e9")]
    [TestCase("line\nbreak")]
    public void Rejects_values_that_are_not_printable_ASCII(string value)
    {
        Assert.That(() => TxtCharacterStrings.Split(value), Throws.ArgumentException);
    }

    [Test]
    public void Quoting_escapes_quotes_and_backslashes()
    {
        Assert.That(TxtCharacterStrings.Quote("a\"b\\c; d"), Is.EqualTo("\"a\\\"b\\\\c; d\""));
    }
}
