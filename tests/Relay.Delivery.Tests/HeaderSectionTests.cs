using System.Text;

namespace Relay.Delivery.Tests;

public sealed class HeaderSectionTests
{
    [TestCase("Subject: ascii\r\n\r\nbody ü\r\n", false)]
    [TestCase("Subject: ü\r\n\r\nbody\r\n", true)]
    [TestCase("A: a\r\nB: ü\r\n", true)]
    [TestCase("\r\nü in the body of a headerless message\r\n", false)]
    [TestCase("A: a\r\n\r\r\nB: ü\r\n\r\n", true)]
    [TestCase("", false)]
    public async Task Finds_non_ASCII_only_in_the_header_section(string content, bool expected)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));

        Assert.That(await HeaderSection.ContainsNonAsciiAsync(stream, CancellationToken.None), Is.EqualTo(expected));
    }

    [Test]
    public async Task Finds_the_blank_line_across_buffer_boundaries()
    {
        var headers = "X-Pad: " + new string('p', 8190 - 7 - 2) + "\r\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(headers + "\r\nü\r\n"));

        Assert.That(await HeaderSection.ContainsNonAsciiAsync(stream, CancellationToken.None), Is.False);
    }
}
