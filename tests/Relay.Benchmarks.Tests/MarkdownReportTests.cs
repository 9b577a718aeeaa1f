using Relay.Benchmarks.Report;

namespace Relay.Benchmarks.Tests;

public sealed class MarkdownReportTests
{
    [Test]
    public async Task Medians_ratios_and_targets_come_from_the_recorded_runs()
    {
        var table = MarkdownTable.Parse(MarkdownReport.Render(await ResultsAsync(
            ("throughput.relay.4096", "900"), ("throughput.postfix.4096", "400"),
            ("throughput.relay.4096", "1000"), ("throughput.postfix.4096", "500"),
            ("throughput.relay.4096", "800"), ("throughput.postfix.4096", "450"),
            ("throughput.relay.102400", "100"), ("throughput.postfix.102400", "80"),
            ("rss.relay.large_mb", "120"), ("meta.large_message_mb", "50"))));

        var fourKb = table.Row("Throughput, 4 KB");
        var hundredKb = table.Row("Throughput, 100 KB");
        Assert.Multiple(() =>
        {
            Assert.That(fourKb[1], Is.EqualTo("900.0"));
            Assert.That(fourKb[2], Is.EqualTo("450.0"));
            Assert.That(fourKb[3], Is.EqualTo("2.00×"));
            Assert.That(fourKb[4], Does.EndWith(": met"));
            Assert.That(hundredKb[3], Is.EqualTo("1.25×"));
            Assert.That(hundredKb[4], Does.EndWith("NOT met"));
            Assert.That(table.Row("Peak RSS, one 50 MB message")[4], Does.EndWith(": met"));
        });
    }

    [Test]
    public async Task Signing_cost_is_compared_with_two_openssl_signatures()
    {
        var markdown = MarkdownReport.Render(await ResultsAsync(
            ("signing.RelayTwoSignatures.per_second", "400"), ("openssl.rsa2048.sign_per_second", "1000")));

        var relay = MarkdownTable.Parse(markdown).Row("Relay's signer");
        Assert.Multiple(() =>
        {
            Assert.That(relay[1], Is.EqualTo("2500"));
            Assert.That(relay[3], Is.EqualTo("800"));
            Assert.That(relay[4], Is.EqualTo("1.25×"));
            Assert.That(relay[5], Does.EndWith(": met"));
        });
    }

    [Test]
    public async Task What_was_not_measured_shows_as_a_dash_not_as_a_number()
    {
        var table = MarkdownTable.Parse(MarkdownReport.Render(await ResultsAsync(("meta.mode", "smoke"))));

        Assert.Multiple(() =>
        {
            Assert.That(table.Row("Throughput, 4 KB")[1], Is.EqualTo(MarkdownReport.Missing));
            Assert.That(table.Row("Latency DATA → sink, p99")[2], Is.EqualTo(MarkdownReport.Missing));
            Assert.That(table.Row("Throughput, 4 KB")[4], Does.EndWith("not measured"));
        });
    }

    private static async Task<ResultSet> ResultsAsync(params (string Key, string Value)[] lines)
    {
        var path = Path.GetTempFileName();
        try
        {
            foreach (var (key, value) in lines)
            {
                await ResultsFile.AppendAsync(path, key, value);
            }

            return await ResultsFile.ReadAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
