using Relay.Dns.Verification;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>BYODKIM key records checked through unbound against real named: each outcome, multi-string TXT, a CNAME'd selector.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ByodkimCheckTests
{
    private const string Domain = "byo.example.com";

    private readonly DkimKeyMaterial _key = DkimKeyMaterial.Create(2048);
    private readonly DkimKeyMaterial _otherKey = DkimKeyMaterial.Create(1024);

    // RFC 8463: the bare 32-octet key; the check compares octets and types, it does not need a point on the curve.
    private readonly string _ed25519Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private CheckerWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartDns()
    {
        // The 2048-bit record is published as 200-octet strings, as DNS hosting panels split long values.
        var records = $"""
            good._domainkey.byo TXT {_key.AsZoneStrings(200)}
            alias._domainkey.byo CNAME good._domainkey.byo.example.com.
            other._domainkey.byo TXT "{_otherKey.TxtValue}"
            revoked._domainkey.byo TXT "v=DKIM1; k=rsa; p="
            junk._domainkey.byo TXT "google-site-verification=abc"
            v2._domainkey.byo TXT "v=DKIM2; k=rsa; p={_key.PublicKeyBase64[..100]}"
            dupsel._domainkey.byo.example.com.byo TXT {_key.AsZoneStrings(255)}
            nokey._domainkey.byo A 192.0.2.1
            ed._domainkey.byo TXT "v=DKIM1; k=ed25519; p={_ed25519Key}"
            edasrsa._domainkey.byo TXT "v=DKIM1; p={_ed25519Key}"
            """;
        _world = await CheckerWorld.StartAsync([new TestZone("example.com", records)]);
    }

    [OneTimeTearDown]
    public async Task StopDns() => await _world.DisposeAsync();

    [Test]
    public async Task The_matching_key_in_a_multi_string_TXT_is_found()
    {
        var finding = await CheckAsync("good");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Found));
            Assert.That(finding.Name, Is.EqualTo("good._domainkey.byo.example.com"));
            Assert.That(finding.RecordType, Is.EqualTo("TXT"));
            Assert.That(finding.Found, Is.EqualTo(_key.TxtValue), "the strings are joined without separators");
            Assert.That(finding.Expected, Is.EqualTo(_key.PublicKeyBase64));
        });
    }

    [Test]
    public async Task An_ed25519_key_is_found_under_k_ed25519()
    {
        var finding = await _world.Checker.CheckByodkimAsync(Domain, "ed", _ed25519Key, CancellationToken.None);

        Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Found), finding.Explanation);
    }

    [Test]
    public async Task An_ed25519_key_published_without_k_ed25519_is_a_mismatch_that_names_the_tag()
    {
        // Without k= a verifier reads an RSA key (RFC 6376 3.6.1), and the signature fails.
        var finding = await _world.Checker.CheckByodkimAsync(Domain, "edasrsa", _ed25519Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.KeyMismatch));
            Assert.That(finding.Explanation, Does.Contain("as k=rsa").And.Contain("k=ed25519"));
        });
    }

    [Test]
    public async Task A_missing_ed25519_record_is_explained_with_k_ed25519()
    {
        var finding = await _world.Checker.CheckByodkimAsync(Domain, "noed", _ed25519Key, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Missing));
            Assert.That(finding.Explanation, Does.Contain("k=ed25519; p=<public key>"));
        });
    }

    [Test]
    public async Task A_selector_CNAMEd_to_the_key_record_is_followed()
    {
        Assert.That((await CheckAsync("alias")).Outcome, Is.EqualTo(RecordOutcome.Found));
    }

    [Test]
    public async Task Another_key_is_a_mismatch()
    {
        var finding = await CheckAsync("other");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.KeyMismatch));
            Assert.That(finding.Found, Is.EqualTo(_otherKey.TxtValue));
        });
    }

    [Test]
    public async Task A_revoked_key_is_a_mismatch_that_says_so()
    {
        var finding = await CheckAsync("revoked");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.KeyMismatch));
            Assert.That(finding.Explanation, Does.Contain("revokes"));
        });
    }

    [TestCase("junk", "no p= tag")]
    [TestCase("v2", "v=DKIM2 is not v=DKIM1")]
    public async Task A_TXT_that_is_not_a_DKIM1_key_record_is_malformed(string selector, string problem)
    {
        var finding = await CheckAsync(selector);

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Malformed));
            Assert.That(finding.Explanation, Does.Contain(problem));
        });
    }

    [TestCase("absent", "does not exist")]
    [TestCase("nokey", "exists but has no TXT")]
    public async Task No_TXT_is_missing(string selector, string why)
    {
        var finding = await CheckAsync(selector);

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.Missing));
            Assert.That(finding.Found, Is.Null);
            Assert.That(finding.Explanation, Does.Contain(why));
        });
    }

    [Test]
    public async Task A_key_record_under_the_duplicated_domain_is_named()
    {
        var finding = await CheckAsync("dupsel");

        Assert.Multiple(() =>
        {
            Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.DuplicatedDomain));
            Assert.That(finding.FoundAt, Is.EqualTo("dupsel._domainkey.byo.example.com.byo.example.com"));
            Assert.That(finding.Found, Is.EqualTo(_key.TxtValue));
        });
    }

    [Test]
    public async Task A_dead_resolver_is_a_resolver_error()
    {
        var finding = await CheckerWorld.DeadResolverChecker().CheckByodkimAsync(Domain, "good", _key.PublicKeyBase64, CancellationToken.None);

        Assert.That(finding.Outcome, Is.EqualTo(RecordOutcome.ResolverError));
    }

    [Test]
    public void A_key_that_is_not_base64_is_rejected()
    {
        Assert.ThrowsAsync<ArgumentException>(() => _world.Checker.CheckByodkimAsync(Domain, "good", "not base64!", CancellationToken.None));
    }

    private Task<RecordFinding> CheckAsync(string selector) =>
        _world.Checker.CheckByodkimAsync(Domain, selector, _key.PublicKeyBase64, CancellationToken.None);
}
