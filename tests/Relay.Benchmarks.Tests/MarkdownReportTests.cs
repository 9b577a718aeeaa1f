using Relay.Benchmarks.Report;

namespace Relay.Benchmarks.Tests;

public sealed class MarkdownReportTests
{
    [Test]
    public async Task Medians_ratios_and_targets_come_from_the_recorded_runs()
    {
        var table = MarkdownTable.Parse(MarkdownReport.Render(await ResultsAsync(
            ("throughput.relay.4096.10.yes", "900"), ("throughput.postfix-unix.4096.10.yes", "400"),
            ("throughput.relay.4096.10.yes", "1000"), ("throughput.postfix-unix.4096.10.yes", "500"),
            ("throughput.relay.4096.10.yes", "800"), ("throughput.postfix-unix.4096.10.yes", "450"),
            ("throughput.relay.102400.10.yes", "100"), ("throughput.postfix-inet.102400.10.yes", "80"),
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
    public async Task Each_side_is_compared_at_its_best_configuration_of_the_sweep()
    {
        var markdown = MarkdownReport.Render(await ResultsAsync(
            ("throughput.relay.4096.10.yes", "300"), ("throughput.postfix-inet.4096.10.yes", "100"), ("throughput.postfix-unix.4096.10.yes", "150"),
            ("throughput.relay.4096.50.yes", "400"), ("throughput.postfix-inet.4096.50.yes", "180"), ("throughput.postfix-unix.4096.50.yes", "200"),
            ("throughput.relay.4096.50.no", "350"), ("throughput.postfix-inet.4096.50.no", "170"), ("throughput.postfix-unix.4096.50.no", "240"),
            ("throughput.relay.4096.50.yes.cpu_ms_per_message", "2.5")));
        var table = MarkdownTable.Parse(markdown);

        var best = table.Row("4 KB");
        Assert.Multiple(() =>
        {
            Assert.That(table.Row("Throughput, 4 KB")[1], Is.EqualTo("400.0"));
            Assert.That(table.Row("Throughput, 4 KB")[2], Is.EqualTo("240.0"));
            Assert.That(best[1], Is.EqualTo("400.0 (50 sessions, reused)"));
            Assert.That(best[2], Is.EqualTo("240.0 (50 sessions, one message per connection)"));
            Assert.That(best[3], Is.EqualTo("180.0 (50 sessions, reused)"));
            Assert.That(best[4], Is.EqualTo("1.67×"));
            Assert.That(best[5], Does.EndWith("NOT met"));
            Assert.That(markdown, Does.Contain("| 4 KB | 50 | reused | 400.0 | 2.50 | 200.0 | 180.0 |"));
        });
    }

    [Test]
    public async Task Queue_growth_compares_each_level_with_the_empty_queue_and_reports_the_drain()
    {
        var markdown = MarkdownReport.Render(await ResultsAsync(
            ("queue.0.accept", "400"), ("queue.0.accept.cpu_ms_per_message", "3"),
            ("queue.10000.accept", "380"), ("queue.100000.accept", "200"),
            ("queue.drain.messages", "1000"), ("queue.drain.seconds", "4")));
        var table = MarkdownTable.Parse(markdown);

        Assert.Multiple(() =>
        {
            Assert.That(table.Row("0")[3], Is.EqualTo(MarkdownReport.Missing));
            Assert.That(table.Row("10000")[3], Is.EqualTo("-5.0 %"));
            Assert.That(table.Row("10000")[4], Does.EndWith(": met"));
            Assert.That(table.Row("100000")[4], Does.EndWith("NOT met"));
            Assert.That(markdown, Does.Contain("1000 messages reached the sink in 4.0 s (250.0 msg/s)"));
        });
    }

    [Test]
    public async Task Cpu_by_stage_is_each_stage_share_of_the_profiled_runs_cpu()
    {
        var markdown = MarkdownReport.Render(await ResultsAsync(
            ("profiled.relay.4096.cpu_ms_per_message", "2.0"),
            ("profile.4096.stage.signing", "0.25"), ("profile.4096.stage.spool", "0.1"), ("profile.4096.stage.other", "0.05")));
        var table = MarkdownTable.Parse(markdown);

        Assert.Multiple(() =>
        {
            Assert.That(table.Row("Signing")[1], Is.EqualTo("25.0 %"));
            Assert.That(table.Row("Signing")[2], Is.EqualTo("0.50"));
            Assert.That(table.Row("Spool")[2], Is.EqualTo("0.20"));
            Assert.That(table.Row("Events")[2], Is.EqualTo(MarkdownReport.Missing));
            Assert.That(table.Row("All")[2], Is.EqualTo("2.00"));
            Assert.That(markdown, Does.Not.Contain("100 KB: share"));
        });
    }

    [Test]
    public async Task The_ed25519_cost_compares_the_medians_with_and_without_it()
    {
        var table = MarkdownTable.Parse(MarkdownReport.Render(await ResultsAsync(
            ("ed25519.rsa_only", "1000"), ("ed25519.rsa_only", "900"), ("ed25519.rsa_only", "1100"),
            ("ed25519.with_ed25519", "950"), ("ed25519.with_ed25519", "900"), ("ed25519.with_ed25519", "800"),
            ("ed25519.rsa_only.cpu_ms_per_message", "1.40"), ("ed25519.with_ed25519.cpu_ms_per_message", "1.50"))));

        Assert.Multiple(() =>
        {
            Assert.That(table.Row("2 × rsa-sha256 (customer")[1], Is.EqualTo("1000.0"));
            Assert.That(table.Row("2 × rsa-sha256 + ed25519")[1], Is.EqualTo("900.0"));
            Assert.That(table.Row("Change")[1], Is.EqualTo("-10.0 %"));
            Assert.That(table.Row("Change")[2], Is.EqualTo("+0.10"));
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
