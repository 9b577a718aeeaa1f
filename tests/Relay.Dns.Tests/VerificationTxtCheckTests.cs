using Relay.Dns.Verification;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>The domain verification TXT (<c>_amazonses.&lt;domain&gt;</c>) checked through unbound against real named.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class VerificationTxtCheckTests
{
    private const string Token = "pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU=";

    private static readonly string Records = $"""
        _amazonses.ok TXT "{Token}"
        _amazonses.ok TXT "some other verification"
        _amazonses.wrong TXT "ZZZZ/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU="
        _amazonses.quoted TXT "\"{Token}\""
        _amazonses.dup.example.com.dup TXT "{Token}"
        amazonses.nounderscore TXT "{Token}"
        """;

    private CheckerWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartDns() => _world = await CheckerWorld.StartAsync([new TestZone("example.com", Records)]);

    [OneTimeTearDown]
    public async Task StopDns() => await _world.DisposeAsync();

    [Test]
    public async Task The_token_among_other_TXT_records_is_found()
    {
        var finding = await CheckAsync("ok.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Found));
            Assert.That(finding.Name, Is.EqualTo("_amazonses.ok.example.com"));
            Assert.That(finding.Expected, Is.EqualTo(Token));
        });
    }

    [Test]
    public async Task A_prefix_given_with_its_underscore_names_the_same_record()
    {
        var finding = await _world.Checker.CheckVerificationTxtAsync("ok.example.com", "_amazonses", Token, CancellationToken.None);

        Assert.That(finding.Name, Is.EqualTo("_amazonses.ok.example.com"));
    }

    [Test]
    public async Task Another_value_is_a_mismatch()
    {
        var finding = await CheckAsync("wrong.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Mismatch));
            Assert.That(finding.Found, Is.EqualTo("ZZZZ/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU="));
        });
    }

    [Test]
    public async Task The_token_in_quotation_marks_is_a_mismatch_that_says_so()
    {
        var finding = await CheckAsync("quoted.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Mismatch));
            Assert.That(finding.Explanation, Does.Contain("quotation marks"));
        });
    }

    [Test]
    public async Task No_record_is_missing()
    {
        Assert.That((await CheckAsync("absent.example.com")).Outcome, Is.EqualTo(RecordOutcome.Missing));
    }

    [Test]
    public async Task The_SES_guides_duplicated_domain_is_named()
    {
        var finding = await CheckAsync("dup.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.DuplicatedDomain));
            Assert.That(finding.FoundAt, Is.EqualTo("_amazonses.dup.example.com.dup.example.com"));
        });
    }

    [Test]
    public async Task The_record_without_its_underscore_is_named()
    {
        var finding = await CheckAsync("nounderscore.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.MissingUnderscore));
            Assert.That(finding.FoundAt, Is.EqualTo("amazonses.nounderscore.example.com"));
        });
    }

    [Test]
    public async Task A_dead_resolver_is_a_resolver_error()
    {
        var finding = await CheckerWorld.DeadResolverChecker().CheckVerificationTxtAsync("ok.example.com", "amazonses", Token, CancellationToken.None);

        Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.ResolverError));
    }

    private Task<RecordFinding> CheckAsync(string domain) =>
        _world.Checker.CheckVerificationTxtAsync(domain, "amazonses", Token, CancellationToken.None);
}
