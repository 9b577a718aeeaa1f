using Relay.Signing;

namespace Relay.Host.Tests;

public sealed class DnsTextTests
{
    [Test]
    public void A_short_value_is_one_quoted_string()
    {
        Assert.That(DnsText.Quote("v=DKIM1; k=rsa; p=AAAA"), Is.EqualTo("\"v=DKIM1; k=rsa; p=AAAA\""));
    }

    [Test]
    public void A_2048_bit_key_record_is_split_into_strings_of_at_most_255_octets()
    {
        var value = "v=DKIM1; k=rsa; p=" + new string('A', 392);

        var quoted = DnsText.Quote(value);

        var strings = quoted.Trim('(', ')', ' ').Split("\" \"").Select(s => s.Trim('"')).ToList();
        Assert.That(strings, Has.Count.EqualTo(2));
        Assert.That(strings.All(s => s.Length <= 255), Is.True);
        Assert.That(string.Concat(strings), Is.EqualTo(value));
    }
}
