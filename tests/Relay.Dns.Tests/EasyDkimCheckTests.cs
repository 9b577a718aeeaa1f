using Relay.Dns.Verification;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>
/// Easy DKIM CNAMEs checked through unbound against real named (customer zone) and Relay's key zone server:
/// every outcome, the mistakes the SES guide warns about, and the CNAME followed to the provider's key.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class EasyDkimCheckTests
{
    private const string Zone = KeyZoneFixture.Zone;

    private static readonly string CustomerRecords = $"""
        fnda._domainkey.found CNAME fnda.{Zone}.
        fndb._domainkey.found CNAME fndb.{Zone}.
        fndc._domainkey.found CNAME fndc.{Zone}.
        upca._domainkey.upper CNAME UPCA.{Zone.ToUpperInvariant()}.
        mixa._domainkey.mixed CNAME elsewhere.example.net.
        mixb._domainkey.mixed TXT "v=DKIM1; k=rsa; p=MIIBIjANBg"
        mixc._domainkey.mixed CNAME mixc.{Zone}.mixed.example.com.
        mixe._domainkey.mixed A 192.0.2.1
        swpa._domainkey.swap CNAME swpb.{Zone}.
        swpb._domainkey.swap CNAME swpa.{Zone}.
        misa._domainkey.mistakes.example.com.mistakes CNAME misa.{Zone}.
        misb.mistakes CNAME misb.{Zone}.
        misc.domainkey.mistakes CNAME misc.{Zone}.
        """;

    private CheckerWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartDns()
    {
        _world = await CheckerWorld.StartAsync(
            [new TestZone("example.com", CustomerRecords), new TestZone("changes.example.org", string.Empty)]);
        _world.KeyZone.Records.Set("fnda", TestKeys.Txt2048);
        _world.KeyZone.Records.Set("fndb", TestKeys.Txt2048);
    }

    [OneTimeTearDown]
    public async Task StopDns() => await _world.DisposeAsync();

    [Test]
    public async Task Three_right_CNAMEs_verify_and_are_followed_to_the_key_on_Relays_zone_server()
    {
        var report = await _world.Checker.CheckEasyDkimAsync("found.example.com", ["fnda", "fndb", "fndc"], Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Verdict, Is.EqualTo(EasyDkimVerdict.Verified));
            Assert.That(report.Records.Select(record => record.Outcome), Is.All.EqualTo(RecordOutcome.Found));
            Assert.That(report.Records.Select(record => record.Name), Is.EqualTo(new[]
            {
                "fnda._domainkey.found.example.com", "fndb._domainkey.found.example.com", "fndc._domainkey.found.example.com",
            }));
            Assert.That(report.Records[0].Expected, Is.EqualTo($"fnda.{Zone}"));
            Assert.That(report.Records[0].Found, Is.EqualTo($"fnda.{Zone}"));
            Assert.That(report.Records[0].KeyRecordBehindCname, Is.EqualTo(TestKeys.Txt2048));
            Assert.That(report.Records[0].Explanation, Does.Contain("leads to the DKIM key"));
            Assert.That(report.Records[2].KeyRecordBehindCname, Is.Null, "fndc has no key on Relay's zone server");
            Assert.That(report.Records[2].Explanation, Does.Contain("did not resolve"));
        });
    }

    [Test]
    public async Task Names_and_tokens_are_compared_without_regard_to_case()
    {
        var report = await _world.Checker.CheckEasyDkimAsync("FOUND.Example.com.", ["FNDA"], Zone.ToUpperInvariant(), CancellationToken.None);

        Assert.That(report.Verdict, Is.EqualTo(EasyDkimVerdict.Verified));
    }

    [Test]
    public async Task An_upper_case_CNAME_value_verifies_and_is_shown_as_published()
    {
        var report = await _world.Checker.CheckEasyDkimAsync("upper.example.com", ["upca"], Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Records.Single().Outcome, Is.EqualTo(RecordOutcome.Found));
            Assert.That(report.Records.Single().Found, Is.EqualTo($"UPCA.{Zone.ToUpperInvariant()}"), "what the customer entered, not what was expected");
            Assert.That(report.Records.Single().Explanation, Does.Contain($"→ UPCA.{Zone.ToUpperInvariant()} is right"));
        });
    }

    [Test]
    public async Task Each_wrong_record_is_told_apart()
    {
        var report = await _world.Checker.CheckEasyDkimAsync(
            "mixed.example.com", ["mixa", "mixb", "mixc", "mixd", "mixe"], Zone, CancellationToken.None);
        var byToken = report.Records.ToDictionary(record => record.Name.Split('.')[0]);

        Assert.Multiple(() =>
        {
            Assert.That(report.Verdict, Is.EqualTo(EasyDkimVerdict.NotVerified));
            Assert.That(byToken["mixa"].Outcome, Is.EqualTo(RecordOutcome.PointsElsewhere));
            Assert.That(byToken["mixa"].Found, Is.EqualTo("elsewhere.example.net"));
            Assert.That(byToken["mixa"].Explanation, Does.Contain("elsewhere.example.net").And.Contain($"mixa.{Zone}"));
            Assert.That(byToken["mixb"].Outcome, Is.EqualTo(RecordOutcome.TxtInsteadOfCname));
            Assert.That(byToken["mixb"].Found, Is.EqualTo("v=DKIM1; k=rsa; p=MIIBIjANBg"));
            Assert.That(byToken["mixc"].Outcome, Is.EqualTo(RecordOutcome.TargetDomainAppended));
            Assert.That(byToken["mixc"].Found, Is.EqualTo($"mixc.{Zone}.mixed.example.com"));
            Assert.That(byToken["mixd"].Outcome, Is.EqualTo(RecordOutcome.Missing));
            Assert.That(byToken["mixd"].Found, Is.Null);
            Assert.That(byToken["mixd"].Explanation, Does.Contain("does not exist"));
            Assert.That(byToken["mixe"].Outcome, Is.EqualTo(RecordOutcome.Missing));
            Assert.That(byToken["mixe"].Explanation, Does.Contain("exists but has no CNAME"));
        });
    }

    [Test]
    public async Task Swapped_targets_point_elsewhere_and_say_so()
    {
        var report = await _world.Checker.CheckEasyDkimAsync("swap.example.com", ["swpa", "swpb"], Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Records.Select(record => record.Outcome), Is.All.EqualTo(RecordOutcome.PointsElsewhere));
            Assert.That(report.Records[0].Explanation, Does.Contain("mixed up"));
        });
    }

    [Test]
    public async Task Records_at_the_wrong_name_are_found_and_the_mistake_named()
    {
        var report = await _world.Checker.CheckEasyDkimAsync(
            "mistakes.example.com", ["misa", "misb", "misc"], Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Records.Select(record => record.Outcome), Is.EqualTo(new[]
            {
                RecordOutcome.DuplicatedDomain, RecordOutcome.MissingDomainKeyLabel, RecordOutcome.MissingUnderscore,
            }));
            Assert.That(report.Records.Select(record => record.FoundAt), Is.EqualTo(new[]
            {
                "misa._domainkey.mistakes.example.com.mistakes.example.com", "misb.mistakes.example.com", "misc.domainkey.mistakes.example.com",
            }));
            Assert.That(report.Records[0].Found, Is.EqualTo($"misa.{Zone}"));
            Assert.That(report.Records[0].Explanation, Does.Contain("a second time"));
            Assert.That(report.Verdict, Is.EqualTo(EasyDkimVerdict.NotVerified));
        });
    }

    [Test]
    public async Task Records_removed_after_success_are_missing_at_the_next_check()
    {
        string[] tokens = ["chga", "chgb", "chgc"];
        await _world.Dns.SetZoneAsync(
            new TestZone("changes.example.org", string.Join('\n', tokens.Select(token => $"{token}._domainkey CNAME {token}.{Zone}."))),
            CancellationToken.None);
        var published = await _world.Checker.CheckEasyDkimAsync("changes.example.org", tokens, Zone, CancellationToken.None);

        await _world.Dns.SetZoneAsync(new TestZone("changes.example.org", string.Empty), CancellationToken.None);
        var removed = await _world.Checker.CheckEasyDkimAsync("changes.example.org", tokens, Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(published.Verdict, Is.EqualTo(EasyDkimVerdict.Verified));
            Assert.That(removed.Verdict, Is.EqualTo(EasyDkimVerdict.NotVerified));
            Assert.That(removed.Records.Select(record => record.Outcome), Is.All.EqualTo(RecordOutcome.Missing));
        });
    }

    [Test]
    public async Task A_dead_resolver_is_a_resolver_error_not_a_missing_record()
    {
        var checker = CheckerWorld.DeadResolverChecker();

        var report = await checker.CheckEasyDkimAsync("found.example.com", ["fnda", "fndb", "fndc"], Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Verdict, Is.EqualTo(EasyDkimVerdict.Inconclusive));
            Assert.That(report.Records.Select(record => record.Outcome), Is.All.EqualTo(RecordOutcome.ResolverError));
            Assert.That(report.Records[0].Explanation, Does.Contain("could not answer"));
        });
    }

    [Test]
    public async Task A_SERVFAIL_from_the_resolver_is_a_resolver_error()
    {
        var report = await _world.Checker.CheckEasyDkimAsync(CheckerWorld.RefusedZone, ["brka"], Zone, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Verdict, Is.EqualTo(EasyDkimVerdict.Inconclusive));
            Assert.That(report.Records[0].Outcome, Is.EqualTo(RecordOutcome.ResolverError));
            Assert.That(report.Records[0].Explanation, Does.Contain("ServerFailure"));
        });
    }

    [Test]
    public void Bad_arguments_are_rejected_before_any_query()
    {
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(() => _world.Checker.CheckEasyDkimAsync("localhost", ["a"], Zone, CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => _world.Checker.CheckEasyDkimAsync("example.com", [], Zone, CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => _world.Checker.CheckEasyDkimAsync("example.com", ["a.b"], Zone, CancellationToken.None));
            Assert.ThrowsAsync<ArgumentException>(() => _world.Checker.CheckEasyDkimAsync("example.com", ["a"], "zone", CancellationToken.None));
        });
    }
}
