using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Relay.Host.Tests.Support;
using Relay.Testing;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// The Easy DKIM commands through the real program (a child process), over one data folder: an account, a domain
/// with DKIM tokens and a verification token, and other domains for the commands that change state.
/// </summary>
[NonParallelizable]
public sealed partial class IdentityCommandLineTests
{
    private const string Domain = "example.com";

    /// <summary>Serilog's console template: an ISO timestamp, or a three-letter level between spaces.</summary>
    private const string LogLinePattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\s(VRB|DBG|INF|WRN|ERR|FTL)\s";

    private RelayProgram _relay = null!;
    private ToolResult _firstVerifyDkim = null!;
    private IReadOnlyList<string> _tokens = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _relay = new RelayProgram();
        Succeeded(await _relay.RunAsync("account", "add", "--name", "shop", "--password", "a-long-smtp-password"));

        // The first command that builds the host: it also generates the provider key and logs that it did.
        _firstVerifyDkim = Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", Domain));
        _tokens = TokensOf(_firstVerifyDkim.StandardOutput);
        Succeeded(await _relay.RunAsync("identity", "verify-domain", "--account", "shop", "--domain", Domain));
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _relay?.Dispose();

    [Test]
    public void Verify_dkim_prints_three_tokens_and_the_three_CNAMEs_to_publish()
    {
        Assert.That(_tokens, Has.Count.EqualTo(3));
        Assert.That(_tokens, Is.Unique);
        Assert.That(_tokens, Has.All.Match("^[a-z2-7]{32}$"));
        var lines = Lines(_firstVerifyDkim.StandardOutput);
        foreach (var token in _tokens)
        {
            Assert.That(lines, Has.Some.Match($@"^{token}\._domainkey\.example\.com\s+CNAME\s+{token}\.dkim\.relay\.example\.net$"), token);
        }

        Assert.That(lines.Count(line => line.Contains(" CNAME ", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public async Task Provider_dns_with_an_ed25519_selector_prints_both_records_and_generates_the_key_once()
    {
        var first = Succeeded(await _relay.RunAsync("provider", "dns", "--Relay:Provider:Ed25519Selector=relayed"));
        var again = Succeeded(await _relay.RunAsync("provider", "dns", "--Relay:Provider:Ed25519Selector=relayed"));

        var lines = Lines(first.StandardOutput).Where(line => line.Contains(" IN TXT ", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(lines[0], Does.Match(@"^relayed\._domainkey\.relay\.example\.net\. IN TXT ""v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=""$"), "RFC 8463: the bare 32-octet key");
        Assert.That(lines[1], Does.StartWith("relay._domainkey.relay.example.net. IN TXT ").And.Contain("k=rsa; p="));
        Assert.That(Lines(again.StandardOutput).Where(line => line.Contains(" IN TXT ", StringComparison.Ordinal)), Is.EqualTo(lines), "the key is kept, not made anew");
        Assert.That(File.Exists(Path.Combine(_relay.DataDirectory, "keys", "provider-relayed.ed25519.pem")), Is.True);
    }

    [TestCase("relay")]
    [TestCase("two.labels")]
    public async Task An_ed25519_selector_equal_to_the_rsa_one_or_not_a_label_is_refused_in_one_line(string selector)
    {
        var result = await _relay.RunAsync("provider", "dns", $"--Relay:Provider:Ed25519Selector={selector}");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardOutput + result.StandardError);
        Assert.That(result.StandardError, Does.Contain($"Relay:Provider:Ed25519Selector '{selector}' must be one DNS label"));
    }

    [Test]
    public async Task History_prints_the_identitys_stored_changes_newest_first_and_an_unknown_identity_exits_1()
    {
        var history = Succeeded(await _relay.RunAsync("identity", "history", "--account", "shop", "--identity", Domain));
        var unknown = await _relay.RunAsync("identity", "history", "--account", "shop", "--identity", "nothing.example");
        var badLimit = await _relay.RunAsync("identity", "history", "--account", "shop", "--identity", Domain, "--limit", "0");

        var lines = Lines(history.StandardOutput).Where(line => Regex.IsMatch(line, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\t")).ToList();
        Assert.That(lines, Has.Some.EndsWith("\tVerification NOT_STARTED → PENDING"), "verify-domain");
        Assert.That(lines, Has.Some.EndsWith("\tDKIM NOT_STARTED → PENDING"), "verify-dkim");
        Assert.That(lines[^1], Does.EndWith("\tIdentity added (domain)"), "the oldest row last");
        Assert.That(unknown.ExitCode, Is.EqualTo(1), unknown.StandardOutput + unknown.StandardError);
        Assert.That(unknown.StandardOutput, Does.Contain("no such identity"));
        Assert.That(badLimit.ExitCode, Is.EqualTo(64));
        Assert.That(badLimit.StandardError, Does.Contain("--limit '0' is not a whole number of at least 1."));
    }

    [Test]
    public async Task Verify_dkim_again_prints_the_same_tokens()
    {
        var again = Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", Domain));

        Assert.That(TokensOf(again.StandardOutput), Is.EqualTo(_tokens));
    }

    [Test]
    public void Standard_output_holds_only_the_answer_while_log_lines_go_to_standard_error()
    {
        var lines = Lines(_firstVerifyDkim.StandardOutput);

        Assert.That(lines, Has.None.Match(LogLinePattern), "no log line on standard output");
        Assert.That(lines[0], Does.StartWith("DKIM tokens: "));
        Assert.That(lines[1], Does.Match(@"^Name\s+Type\s+Value$"));
        Assert.That(lines.Skip(2), Has.All.Match(@"^\S+\s+(CNAME|TXT)\s+\S"));
        Assert.That(_firstVerifyDkim.StandardError, Does.Contain("Generated the provider DKIM key"),
            "the provider key warning of the first start goes to standard error");
    }

    [Test]
    public async Task Records_as_CSV_are_parseable_with_the_verification_TXT_and_the_three_CNAMEs()
    {
        var csv = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Domain, "--format", "csv")).StandardOutput;

        var rows = DnsRecordFormatsTests.ParseCsv(csv);
        Assert.That(rows[0], Is.EqualTo(new[] { "Name", "Type", "Value" }));
        Assert.That(rows.Skip(1).Where(row => row[1] == "CNAME").Select(row => (row[0], row[2])), Is.EquivalentTo(
            _tokens.Select(token => ($"{token}._domainkey.example.com", $"{token}.dkim.relay.example.net"))));
        var txt = rows.Single(row => row[1] == "TXT");
        Assert.That(txt[0], Is.EqualTo("_amazonses.example.com"));
        Assert.That(Convert.FromBase64String(txt[2]), Has.Length.EqualTo(32), "the verification token is base64 of 32 random bytes");
        Assert.That(csv, Does.Contain("\r\n"));
    }

    [Test]
    public async Task Records_as_a_zone_snippet_load_in_named_checkzone_with_the_intended_targets()
    {
        var snippet = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Domain, "--format", "zone")).StandardOutput;

        var (check, records) = await NamedCheckZone.LoadAsync(Domain, NamedCheckZone.CustomerZone(Domain, snippet), _relay.DataDirectory);

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError + "\n" + snippet);
        Assert.That(records.Where(record => record.Type == "CNAME").Select(record => (record.Name, record.Data)), Is.EquivalentTo(
            _tokens.Select(token => ($"{token}._domainkey.example.com.", $"{token}.dkim.relay.example.net."))));
        Assert.That(records.Where(record => record.Type == "TXT").Select(record => record.Name), Is.EqualTo(new[] { "_amazonses.example.com." }));
    }

    [Test]
    public async Task Status_of_a_domain_waiting_for_its_records_shows_PENDING()
    {
        var status = Succeeded(await _relay.RunAsync("identity", "status", "--account", "shop", "--identity", Domain)).StandardOutput;

        Assert.That(Lines(status), Has.Some.Match(@"^dkim:\s+PENDING \(AWS_SES, 3 key\(s\), signing enabled\)$"));
        Assert.That(Lines(status), Has.Some.Match(@"^verification:\s+PENDING$"));
    }

    [Test]
    public async Task Check_through_a_resolver_that_does_not_answer_is_TEMPORARY_FAILURE_with_a_ResolverError_per_record()
    {
        var tokens = TokensOf(Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "check.example")).StandardOutput);

        var check = Succeeded(await _relay.RunAsync("identity", "check", "--account", "shop", "--identity", "check.example"));
        var status = Succeeded(await _relay.RunAsync("identity", "status", "--account", "shop", "--identity", "check.example"));

        foreach (var output in new[] { check.StandardOutput, status.StandardOutput })
        {
            var lines = Lines(output);
            Assert.That(lines, Has.Some.Match(@"^dkim:\s+TEMPORARY_FAILURE "), output);
            Assert.That(lines, Has.None.Match(LogLinePattern));
            foreach (var token in tokens)
            {
                // Each finding says when it was seen, so that an old [Found] is not read as news.
                Assert.That(lines, Has.Some.Match($@"^\s+\[ResolverError\] CNAME {token}\._domainkey\.check\.example: \S.* \(checked \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\)$"), output);
            }
        }
    }

    [Test]
    public async Task Byodkim_with_a_file_that_is_not_a_key_fails_with_a_clear_message()
    {
        var keyFile = Path.Combine(_relay.DataDirectory, "not-a-key.pem");
        await File.WriteAllTextAsync(keyFile, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var result = await _relay.RunAsync("identity", "byodkim", "--account", "shop", "--domain", "byo-bad.example", "--selector", "s1", "--key-file", keyFile);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("not an RSA private key"));
        Assert.That(result.StandardError, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task Byodkim_with_a_key_too_short_names_the_accepted_sizes()
    {
        using var rsa = RSA.Create(512);
        var keyFile = Path.Combine(_relay.DataDirectory, "short.pem");
        await File.WriteAllTextAsync(keyFile, rsa.ExportPkcs8PrivateKeyPem());

        var result = await _relay.RunAsync("identity", "byodkim", "--account", "shop", "--domain", "byo-short.example", "--selector", "s1", "--key-file", keyFile);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("512 bits").And.Contain("1024 to 4096"));
    }

    [Test]
    public async Task A_domain_with_a_bidi_control_is_refused_with_the_code_point_named()
    {
        var verify = await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "\u202Eexample.test");
        var add = await _relay.RunAsync("identity", "add", "--account", "shop", "--identity", "xn--example-z76c.test");

        foreach (var result in new[] { verify, add })
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardOutput + result.StandardError, Does.Contain("U+202E").And.Contain("not allowed"));
            Assert.That(result.StandardError, Does.Not.Contain("   at "), "no stack trace");
        }

        var listed = Succeeded(await _relay.RunAsync("identity", "list", "--account", "shop"));
        Assert.That(listed.StandardOutput, Does.Not.Contain("xn--example-z76c"));
    }

    [Test]
    public async Task Byodkim_with_a_missing_key_file_is_a_clear_error_not_a_crash()
    {
        var missing = Path.Combine(_relay.DataDirectory, "no-such-key.pem");

        var result = await _relay.RunAsync("identity", "byodkim", "--account", "shop", "--domain", "byo-missing.example", "--selector", "s1", "--key-file", missing);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain(missing));
        Assert.That(result.StandardError, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "), "a usage error, not a stack trace");
    }

    [Test]
    public async Task Byodkim_with_a_good_key_prints_a_TXT_record_that_loads_split_into_255_octet_strings()
    {
        using var rsa = RSA.Create(2048);
        var keyFile = Path.Combine(_relay.DataDirectory, "customer.pem");
        await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem());
        var expected = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());

        Succeeded(await _relay.RunAsync("identity", "byodkim", "--account", "shop", "--domain", "byo.example", "--selector", "s2025", "--key-file", keyFile));
        var snippet = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", "byo.example", "--format", "zone")).StandardOutput;
        var (check, records) = await NamedCheckZone.LoadAsync("byo.example", NamedCheckZone.CustomerZone("byo.example", snippet), _relay.DataDirectory);

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError + "\n" + snippet);
        var txt = records.Single(record => record.Type == "TXT" && record.Name == "s2025._domainkey.byo.example.");
        var strings = DnsRecordFormatsTests.QuotedStrings(txt.Data);
        Assert.That(strings, Has.Count.GreaterThan(1));
        Assert.That(strings.Select(text => text.Length), Has.All.LessThanOrEqualTo(255));
        Assert.That(string.Concat(strings), Is.EqualTo(expected));
    }

    [Test]
    public async Task Signing_turned_off_shows_as_disabled_in_the_identity_list()
    {
        Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "signing.example"));

        var off = Succeeded(await _relay.RunAsync("identity", "signing", "--account", "shop", "--identity", "signing.example", "--enabled", "false"));
        var list = Succeeded(await _relay.RunAsync("identity", "list", "--account", "shop")).StandardOutput;

        Assert.That(off.StandardOutput, Does.Contain("signing.example: DKIM signing disabled"));
        Assert.That(Lines(list).Single(line => line.StartsWith("signing.example\t", StringComparison.Ordinal)), Does.Contain("signing=disabled"));
        Assert.That(Lines(list).Single(line => line.StartsWith("example.com\t", StringComparison.Ordinal)), Does.Contain("signing=enabled"));
    }

    [Test]
    public async Task Keyzone_export_is_a_zone_named_checkzone_loads_holding_every_token_and_the_provider_selector()
    {
        var export = Succeeded(await _relay.RunAsync("keyzone", "export", "--Relay:KeyZone:NameServers:0=ns1.example.net"));

        var (check, records) = await NamedCheckZone.LoadAsync(RelayProgram.KeyZone, export.StandardOutput, _relay.DataDirectory);

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError + "\n" + export.StandardOutput);
        Assert.That(Lines(export.StandardOutput), Has.None.Match(LogLinePattern));
        var txtNames = records.Where(record => record.Type == "TXT").Select(record => record.Name).ToList();
        Assert.That(txtNames, Is.SupersetOf(_tokens.Select(token => $"{token}.{RelayProgram.KeyZone}.")));
        Assert.That(txtNames, Does.Contain($"relay.{RelayProgram.KeyZone}."));
        Assert.That(records.Single(record => record.Type == "NS").Data, Is.EqualTo("ns1.example.net."));
        Assert.That(records.Where(record => record.Type == "TXT").Select(record => string.Concat(DnsRecordFormatsTests.QuotedStrings(record.Data))),
            Has.All.Match("^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*$"));
    }

    [Test]
    public async Task Keyzone_export_serial_moves_on_when_keys_are_added_and_stays_when_nothing_changed()
    {
        string[] outside = ["--Relay:KeyZone:NameServers:0=ns1.example.net"];

        var before = SerialOf(Succeeded(await _relay.RunAsync(["keyzone", "export", .. outside])).StandardOutput);
        var unchanged = SerialOf(Succeeded(await _relay.RunAsync(["keyzone", "export", .. outside])).StandardOutput);
        Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "serial.example"));
        var after = SerialOf(Succeeded(await _relay.RunAsync(["keyzone", "export", .. outside])).StandardOutput);

        Assert.That(unchanged, Is.EqualTo(before), "two exports of the same records give the same serial");
        Assert.That(after, Is.GreaterThan(before), "three new keys are a change a secondary must see");
    }

    private static uint SerialOf(string zoneFile) =>
        uint.Parse(Lines(zoneFile).Single(line => line.EndsWith(" ; serial", StringComparison.Ordinal)).Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    [Test]
    public async Task Keyzone_export_with_the_default_in_zone_name_server_and_no_address_says_what_to_set()
    {
        var result = await _relay.RunAsync("keyzone", "export");

        Assert.That(result.ExitCode, Is.EqualTo(64));
        Assert.That(result.StandardError, Does.Contain("Relay:KeyZone:NameServers"));
        Assert.That(result.StandardOutput, Is.Empty);
    }

    [Test]
    public async Task Add_with_a_forced_dkim_status_over_an_easy_dkim_domain_changes_the_status_only()
    {
        const string Forced = "forced.example";
        var tokens = TokensOf(Succeeded(await _relay.RunAsync(
            "identity", "verify-dkim", "--account", "shop", "--domain", Forced, "--key-length", "1024")).StandardOutput);
        Succeeded(await _relay.RunAsync("identity", "signing", "--account", "shop", "--identity", Forced, "--enabled", "false"));
        var recordsBefore = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Forced, "--format", "csv")).StandardOutput;

        var forced = Succeeded(await _relay.RunAsync("identity", "add", "--account", "shop", "--identity", Forced, "--dkim-status", "FAILED"));

        var status = Lines(Succeeded(await _relay.RunAsync("identity", "status", "--account", "shop", "--identity", Forced)).StandardOutput);
        var recordsAfter = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Forced, "--format", "csv")).StandardOutput;
        Assert.Multiple(() =>
        {
            Assert.That(forced.StandardOutput, Does.Contain("dkim=FAILED"));
            Assert.That(status, Has.Some.Match(@"^dkim:\s+FAILED \(AWS_SES, 3 key\(s\), signing disabled\)$"), "the keys and the signing switch are kept");
            Assert.That(status, Has.Some.Match(@"^verification:\s+NOT_STARTED$"), "a status not given is not changed");
            Assert.That(recordsAfter, Is.EqualTo(recordsBefore), "the same three CNAMEs");
        });

        // The next Easy DKIM keys are still 1024 bits: a rotation of a domain that does not sign makes them at once.
        Succeeded(await _relay.RunAsync("identity", "rotate", "--account", "shop", "--domain", Forced));
        var rotated = Lines(Succeeded(await _relay.RunAsync("identity", "status", "--account", "shop", "--identity", Forced)).StandardOutput);
        Assert.That(rotated, Has.Some.Match(@"^signs with:\s+s=[a-z2-7]{32} rsa=1024$"), "NextSigningKeyLength was kept");
        Assert.That(tokens, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Add_with_a_forced_verification_status_over_a_byodkim_domain_keeps_its_key()
    {
        const string Byo = "forced-byo.example";
        var keyFile = Path.Combine(_relay.DataDirectory, "forced-byo.pem");
        using (var rsa = RSA.Create(1024))
        {
            await File.WriteAllTextAsync(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        }

        Succeeded(await _relay.RunAsync("identity", "byodkim", "--account", "shop", "--domain", Byo, "--selector", "s2026", "--key-file", keyFile));
        var recordsBefore = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Byo, "--format", "csv")).StandardOutput;

        Succeeded(await _relay.RunAsync("identity", "add", "--account", "shop", "--identity", Byo, "--verification-status", "SUCCESS", "--dkim-status", "SUCCESS"));

        var status = Lines(Succeeded(await _relay.RunAsync("identity", "status", "--account", "shop", "--identity", Byo)).StandardOutput);
        Assert.That(status, Has.Some.Match(@"^dkim:\s+SUCCESS \(EXTERNAL, 1 key\(s\), signing enabled\)$"));
        Assert.That(status, Has.Some.Match(@"^verification:\s+SUCCESS$"));
        Assert.That(status, Has.Some.Match(@"^signs with:\s+s=s2026 rsa=1024$"));
        Assert.That(Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Byo, "--format", "csv")).StandardOutput,
            Is.EqualTo(recordsBefore));
    }

    [Test]
    public async Task Add_with_a_key_over_a_domain_that_has_keys_is_refused_and_changes_nothing()
    {
        const string Keyed = "forced-keyed.example";
        Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", Keyed));
        var recordsBefore = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Keyed, "--format", "csv")).StandardOutput;

        var refused = await _relay.RunAsync("identity", "add", "--account", "shop", "--identity", Keyed, "--selector", "s1", "--generate-key", "1024");

        Assert.That(refused.ExitCode, Is.EqualTo(64), refused.StandardOutput + refused.StandardError);
        Assert.That(refused.StandardError, Does.Contain("already has DKIM keys"));
        Assert.That(Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Keyed, "--format", "csv")).StandardOutput,
            Is.EqualTo(recordsBefore));
    }

    [Test]
    public async Task An_unknown_records_format_is_a_usage_error()
    {
        var result = await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Domain, "--format", "yaml");

        Assert.That(result.ExitCode, Is.EqualTo(64));
        Assert.That(result.StandardError, Does.Contain("--format 'yaml'"));
    }

    private static ToolResult Succeeded(ToolResult result)
    {
        Assert.That(result.ExitCode, Is.Zero, $"relay failed:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();

    private static List<string> TokensOf(string output)
    {
        var match = TokensLine().Match(output);
        Assert.That(match.Success, Is.True, output);
        return match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [GeneratedRegex(@"^DKIM tokens: (.*)$", RegexOptions.Multiline)]
    private static partial Regex TokensLine();
}
