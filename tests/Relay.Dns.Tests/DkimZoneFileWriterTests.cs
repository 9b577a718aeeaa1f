using System.Net;
using Relay.Testing;

namespace Relay.Dns.Tests;

public sealed class DkimZoneFileWriterTests
{
    private const string Zone = "dkim.relay.example.net";
    private const string Token2048 = "aaaabbbbccccddddeeeeffffgggghhhh";
    private const string Token4096 = "iiiijjjjkkkkllllmmmmnnnnoooopppp";

    [Test]
    public async Task Writes_origin_default_TTL_SOA_NS_glue_and_split_TXT_records()
    {
        var text = await WriteAsync(Options(), Records(initialSerial: 2025061505));

        var lines = text.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain($"$ORIGIN {Zone}."));
            Assert.That(lines, Does.Contain("$TTL 300"));
            Assert.That(lines, Does.Contain($"@\t3600\tIN\tSOA\tns1.{Zone}. hostmaster.{Zone}. ("));
            Assert.That(lines, Does.Contain("\t\t2025061507 ; serial"), "the source's serial after its two records were set");
            Assert.That(lines, Does.Contain("\t\t300 ) ; minimum (negative caching TTL)"));
            Assert.That(lines, Does.Contain($"@\t3600\tIN\tNS\tns1.{Zone}."));
            Assert.That(lines, Does.Contain($"ns1.{Zone}.\t3600\tIN\tA\t192.0.2.53"));
            Assert.That(lines, Does.Contain($"ns1.{Zone}.\t3600\tIN\tAAAA\t2001:db8::53"));
            Assert.That(lines.Count(line => line.StartsWith($"{Token2048}\t300\tIN\tTXT\t( \"v=DKIM1; k=rsa; p=", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(lines.Count(line => line.StartsWith($"{Token4096}\t300\tIN\tTXT\t( \"v=DKIM1; k=rsa; p=", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(TxtStringsOf(text, Token2048), Has.Count.EqualTo(2));
            Assert.That(TxtStringsOf(text, Token4096), Has.All.Length.LessThanOrEqualTo(255 + 2));
        });
    }

    [Test]
    public async Task The_serial_moves_on_when_a_record_is_added_changed_or_withdrawn_and_not_otherwise()
    {
        var records = Records(initialSerial: 2026031000);
        var serials = new List<uint> { SerialIn(await WriteAsync(Options(), records)) };

        serials.Add(SerialIn(await WriteAsync(Options(), records)));
        records.Set("newtoken", TestKeys.Txt2048);
        serials.Add(SerialIn(await WriteAsync(Options(), records)));
        records.Set("newtoken", TestKeys.Txt4096);
        serials.Add(SerialIn(await WriteAsync(Options(), records)));
        records.Set("newtoken", TestKeys.Txt4096);
        serials.Add(SerialIn(await WriteAsync(Options(), records)));
        records.Remove("newtoken");
        serials.Add(SerialIn(await WriteAsync(Options(), records)));

        Assert.That(serials, Is.EqualTo(new uint[] { 2026031002, 2026031002, 2026031003, 2026031004, 2026031004, 2026031005 }));
    }

    [Test]
    public async Task The_zone_loads_in_named_checkzone_with_every_key_intact()
    {
        var checkzone = ExternalTool.Require("/usr/bin/named-checkzone", "bind9-utils");
        var options = Options();
        options.HostmasterEmail = "dns.admin@example.org";
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"dkim-zone-{Guid.NewGuid():N}.zone");
        try
        {
            await File.WriteAllTextAsync(file, await WriteAsync(options, Records(initialSerial: 2025061498)));

            var check = await ExternalTool.RunAsync(checkzone, ["-k", "fail", "-n", "fail", Zone, file], null, TimeSpan.FromSeconds(30));
            var dump = await ExternalTool.RunAsync(
                checkzone, ["-q", "-D", "-o", "-", Zone, file], null, TimeSpan.FromSeconds(30));

            Assert.Multiple(() =>
            {
                Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError);
                Assert.That(check.StandardOutput, Does.Contain("OK"));
                Assert.That(dump.ExitCode, Is.Zero, dump.StandardError);
                Assert.That(dump.StandardOutput, Does.Contain("dns\\.admin.example.org. 2025061500"));
                Assert.That(JoinedTxt(dump.StandardOutput, Token2048), Is.EqualTo(TestKeys.Txt2048));
                Assert.That(JoinedTxt(dump.StandardOutput, Token4096), Is.EqualTo(TestKeys.Txt4096));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void An_in_zone_name_server_without_an_address_is_refused_with_the_setting_named()
    {
        var options = new DkimZoneOptions { Zone = Zone };
        var writer = new DkimZoneFileWriter(options, Records());

        Assert.That(
            async () => await writer.WriteAsync(TextWriter.Null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("NameServerAddresses"));
    }

    [Test]
    public void Name_servers_outside_the_zone_need_no_address()
    {
        var options = new DkimZoneOptions { Zone = Zone };
        options.NameServers.Add("ns.example.org");
        var writer = new DkimZoneFileWriter(options, Records());

        Assert.That(async () => await writer.WriteAsync(TextWriter.Null, CancellationToken.None), Throws.Nothing);
    }

    [Test]
    public void A_bad_label_from_the_source_is_named()
    {
        var writer = new DkimZoneFileWriter(Options(), new BadLabelSource());

        Assert.That(
            async () => await writer.WriteAsync(TextWriter.Null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("'bad label'"));
    }

    private static DkimZoneOptions Options()
    {
        var options = new DkimZoneOptions { Zone = Zone };
        options.NameServerAddresses.Add(IPAddress.Parse("192.0.2.53"));
        options.NameServerAddresses.Add(IPAddress.Parse("2001:db8::53"));
        return options;
    }

    private static InMemoryDkimKeyRecordSource Records(uint initialSerial = 1)
    {
        var records = new InMemoryDkimKeyRecordSource(initialSerial);
        records.Set(Token2048, TestKeys.Txt2048);
        records.Set(Token4096, TestKeys.Txt4096);
        return records;
    }

    private static async Task<string> WriteAsync(DkimZoneOptions options, IDkimKeyRecordSource records)
    {
        var writer = new DkimZoneFileWriter(options, records);
        using var text = new StringWriter();
        await writer.WriteAsync(text, CancellationToken.None);
        return text.ToString();
    }

    private static uint SerialIn(string zoneText)
    {
        var line = zoneText.Split('\n').Single(line => line.EndsWith(" ; serial", StringComparison.Ordinal));
        return uint.Parse(line.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The quoted strings of the (possibly multi-line) TXT record of <paramref name="label"/>, quotes kept.</summary>
    private static List<string> TxtStringsOf(string zoneText, string label)
    {
        var start = zoneText.IndexOf(label + "\t", StringComparison.Ordinal);
        var end = zoneText.IndexOf(" )\n", start, StringComparison.Ordinal);
        var record = zoneText[start..end];
        return [.. System.Text.RegularExpressions.Regex.Matches(record, "\"[^\"]*\"").Select(match => match.Value)];
    }

    /// <summary>Joins the strings of the TXT record at <paramref name="label"/> in named-checkzone's canonical dump.</summary>
    private static string JoinedTxt(string dump, string label)
    {
        var line = dump.Split('\n').Single(l => l.StartsWith($"{label}.{Zone}.", StringComparison.Ordinal) && l.Contains("TXT", StringComparison.Ordinal));
        return string.Concat(DigAnswer.TxtStrings(line));
    }

    private sealed class BadLabelSource : IDkimKeyRecordSource
    {
        public ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

        public ValueTask<uint> SerialAsync(CancellationToken cancellationToken) => ValueTask.FromResult(1u);

        public IAsyncEnumerable<(string Label, string TxtValue)> ListAsync(CancellationToken cancellationToken) =>
            new[] { ("bad label", "v=DKIM1; p=") }.ToAsyncEnumerable();
    }
}
