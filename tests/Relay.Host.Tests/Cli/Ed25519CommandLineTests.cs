using System.Text.RegularExpressions;
using Relay.Host.Tests.Support;
using Relay.Testing;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// Issue 20 through the real program: the fourth CNAME of an Ed25519 domain in every output of
/// <c>relay identity records</c>, the key zone export, <c>relay identity ed25519</c> and the status lines. A data
/// folder of its own, so that the key zone of <see cref="IdentityCommandLineTests"/> stays RSA only.
/// </summary>
[NonParallelizable]
public sealed partial class Ed25519CommandLineTests
{
    private const string Domain = "ed.example";
    private const string Ed25519On = "--Relay:Identities:Ed25519=true";

    private RelayProgram _relay = null!;
    private IReadOnlyList<string> _tokens = null!;
    private string _ed25519Token = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _relay = new RelayProgram();
        Succeeded(await _relay.RunAsync("account", "add", "--name", "shop", "--password", "a-long-smtp-password"));
        var verify = Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", Domain, Ed25519On)).StandardOutput;
        _tokens = TokensLine().Match(verify).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cnames = Lines(verify).Where(line => line.Contains(" CNAME ", StringComparison.Ordinal)).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList();
        Assert.That(cnames, Has.Count.EqualTo(4), verify);
        _ed25519Token = cnames.Select(name => name.Split('.')[0]).Single(token => !_tokens.Contains(token));
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _relay?.Dispose();

    [Test]
    public void Verify_dkim_answers_three_tokens_and_asks_for_a_fourth_cname()
    {
        Assert.That(_tokens, Has.Count.EqualTo(3), "the SES tokens");
        Assert.That(_ed25519Token, Does.Match("^[a-z2-7]{32}$"));
    }

    [Test]
    public async Task Records_as_csv_and_as_a_zone_list_the_fourth_cname()
    {
        var csv = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Domain, "--format", "csv")).StandardOutput;
        var snippet = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", Domain, "--format", "zone")).StandardOutput;
        var (check, records) = await NamedCheckZone.LoadAsync(Domain, NamedCheckZone.CustomerZone(Domain, snippet), _relay.DataDirectory);

        var expected = _tokens.Append(_ed25519Token).Select(token => ($"{token}._domainkey.{Domain}", $"{token}.{RelayProgram.KeyZone}")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(DnsRecordFormatsTests.ParseCsv(csv).Skip(1).Where(row => row[1] == "CNAME").Select(row => (row[0], row[2])), Is.EquivalentTo(expected));
            Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError + "\n" + snippet);
            Assert.That(records.Where(record => record.Type == "CNAME").Select(record => (record.Name, record.Data)),
                Is.EquivalentTo(expected.Select(pair => (pair.Item1 + ".", pair.Item2 + "."))));
        });
    }

    [Test]
    public async Task The_key_zone_export_serves_the_fourth_token_as_k_ed25519()
    {
        var export = Succeeded(await _relay.RunAsync("keyzone", "export", "--Relay:KeyZone:NameServers:0=ns1.example.net"));

        var (check, records) = await NamedCheckZone.LoadAsync(RelayProgram.KeyZone, export.StandardOutput, _relay.DataDirectory);

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError);
        var txt = records.Where(record => record.Type == "TXT")
            .ToDictionary(record => record.Name, record => string.Concat(DnsRecordFormatsTests.QuotedStrings(record.Data)));
        Assert.That(txt[$"{_ed25519Token}.{RelayProgram.KeyZone}."], Does.Match("^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$"));
        Assert.That(_tokens.Select(token => txt[$"{token}.{RelayProgram.KeyZone}."]), Has.All.StartWith("v=DKIM1; k=rsa; p="));
    }

    [Test]
    public async Task Ed25519_enabled_on_an_rsa_domain_adds_the_record_and_status_shows_it_apart_from_ses_dkim()
    {
        Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "later.example"));

        var on = Succeeded(await _relay.RunAsync("identity", "ed25519", "--account", "shop", "--domain", "later.example", "--enabled", "true")).StandardOutput;
        var status = Lines(Succeeded(await _relay.RunAsync("identity", "status", "--account", "shop", "--identity", "later.example")).StandardOutput);

        Assert.Multiple(() =>
        {
            Assert.That(on, Does.Contain("later.example: Ed25519 key (AWS_SES) under selector "));
            Assert.That(Lines(on).Count(line => line.Contains(" CNAME ", StringComparison.Ordinal)), Is.EqualTo(4));
            Assert.That(status, Has.Some.Match(@"^dkim:\s+PENDING \(AWS_SES, 3 key\(s\)"));
            Assert.That(status, Has.Some.Match(@"^ed25519:\s+PENDING \(AWS_SES, s=[a-z2-7]{32}, not signing\)$"));
        });

        var off = Succeeded(await _relay.RunAsync("identity", "ed25519", "--account", "shop", "--domain", "later.example", "--enabled", "false")).StandardOutput;
        Assert.That(Lines(off).Count(line => line.Contains(" CNAME ", StringComparison.Ordinal)), Is.EqualTo(3), off);
    }

    [Test]
    public async Task A_customers_seed_file_prints_its_k_ed25519_txt()
    {
        Succeeded(await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "own.example"));
        var seedFile = Path.Combine(_relay.DataDirectory, "ed25519.seed");
        await File.WriteAllTextAsync(seedFile, Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()) + "\n");

        Succeeded(await _relay.RunAsync("identity", "ed25519", "--account", "shop", "--domain", "own.example", "--selector", "ed2026", "--key-file", seedFile));
        var zone = Succeeded(await _relay.RunAsync("identity", "records", "--account", "shop", "--identity", "own.example", "--format", "zone")).StandardOutput;
        var (check, records) = await NamedCheckZone.LoadAsync("own.example", NamedCheckZone.CustomerZone("own.example", zone), _relay.DataDirectory);

        Assert.That(check.ExitCode, Is.Zero, check.StandardOutput + check.StandardError + "\n" + zone);
        var txt = records.Single(record => record.Type == "TXT" && record.Name == "ed2026._domainkey.own.example.");
        Assert.That(string.Concat(DnsRecordFormatsTests.QuotedStrings(txt.Data)), Does.Match("^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$"));
    }

    [TestCase("--enabled", "maybe")]
    [TestCase("--selector", "ed1")]
    public async Task Incomplete_or_wrong_arguments_are_usage_errors(string option, string value)
    {
        var result = await _relay.RunAsync("identity", "ed25519", "--account", "shop", "--domain", Domain, option, value);

        Assert.That(result.ExitCode, Is.EqualTo(64), result.StandardOutput + result.StandardError);
    }

    [Test]
    public async Task A_key_that_is_not_ed25519_is_refused()
    {
        var keyFile = Path.Combine(_relay.DataDirectory, "not-a-key.txt");
        await File.WriteAllTextAsync(keyFile, "hello\n");

        var result = await _relay.RunAsync("identity", "ed25519", "--account", "shop", "--domain", Domain, "--selector", "ed3", "--key-file", keyFile);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("refused (InvalidParameter)"));
    }

    private static ToolResult Succeeded(ToolResult result)
    {
        Assert.That(result.ExitCode, Is.Zero, $"relay failed:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();

    [GeneratedRegex(@"^DKIM tokens: (.*)$", RegexOptions.Multiline)]
    private static partial Regex TokensLine();
}
