using System.Text;
using Relay.Fuzz.Smtp;

namespace Relay.Fuzz.Tests;

/// <summary>What the fuzz runs found, kept as fixed inputs so that each stays fixed.</summary>
public sealed class FindingRegressionTests
{
    [TestCase(999, TestName = "A last BDAT line of 999 octets without CRLF is refused (1001 with the CRLF added)")]
    [TestCase(1000, TestName = "A last BDAT line of 1000 octets without CRLF is refused (1002 with the CRLF added)")]
    public async Task A_last_BDAT_line_that_is_too_long_once_its_CRLF_is_added_never_reaches_the_handler(int octets)
    {
        // Found by `smtp --seed 15` (input #860940): BDAT LAST ends without CRLF, the session adds one and did not count it,
        // so the handler got a 1001-octet line past MaxTextLineLength = 1000.
        var input = Encoding.ASCII.GetBytes(
            $"EHLO client.example\r\nMAIL FROM:<user@example.com>\r\nRCPT TO:<postmaster@example.net>\r\nBDAT {octets} LAST\r\n"
            + new string('x', octets) + "QUIT\r\n");
        var target = new SmtpFuzzTarget(TimeSpan.FromSeconds(10));

        var findings = await target.RunInputAsync(input, binaryMime: false);

        Assert.Multiple(() =>
        {
            Assert.That(findings, Is.Empty, string.Join('\n', findings));
            Assert.That(target.Outcomes["550 5.6.0"], Is.EqualTo(1), target.Outcomes.ToString());
            Assert.That(target.Outcomes["messages handed to the handler"], Is.Zero);
        });
    }

    [Test]
    public async Task A_last_BDAT_line_of_998_octets_without_CRLF_is_accepted_with_one_added()
    {
        var input = Encoding.ASCII.GetBytes(
            "EHLO client.example\r\nMAIL FROM:<user@example.com>\r\nRCPT TO:<postmaster@example.net>\r\nBDAT 998 LAST\r\n"
            + new string('x', 998) + "QUIT\r\n");
        var target = new SmtpFuzzTarget(TimeSpan.FromSeconds(10));

        var findings = await target.RunInputAsync(input, binaryMime: false);

        Assert.Multiple(() =>
        {
            Assert.That(findings, Is.Empty, string.Join('\n', findings));
            Assert.That(target.Outcomes["messages handed to the handler"], Is.EqualTo(1), target.Outcomes.ToString());
        });
    }
}
