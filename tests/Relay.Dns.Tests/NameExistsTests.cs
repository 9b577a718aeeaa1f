using Relay.Dns.Verification;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>
/// Each finding records whether the name looked up exists (NXDOMAIN or not), which SES's ErrorType needs to tell
/// HOST_NOT_FOUND from TYPE_NOT_FOUND; through unbound against real named, as the other checker tests.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class NameExistsTests
{
    private const string Zone = KeyZoneFixture.Zone;
    private const string Token = "pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU=";

    private static readonly string CustomerRecords = $"""
        cnok._domainkey.names CNAME cnok.{Zone}.
        cnel._domainkey.names CNAME elsewhere.example.net.
        cnta._domainkey.names TXT "v=DKIM1; k=rsa; p=MIIB"
        cnaa._domainkey.names A 192.0.2.1
        cnup.domainkey.names CNAME cnup.{Zone}.
        _amazonses.txtok TXT "{Token}"
        _amazonses.txtempty A 192.0.2.1
        seltxt._domainkey.names A 192.0.2.1
        """;

    private CheckerWorld _world = null!;

    [OneTimeSetUp]
    public async Task StartDns() => _world = await CheckerWorld.StartAsync([new TestZone("example.com", CustomerRecords)]);

    [OneTimeTearDown]
    public async Task StopDns() => await _world.DisposeAsync();

    [Test]
    public async Task Easy_dkim_findings_say_whether_the_name_exists()
    {
        var report = await _world.Checker.CheckEasyDkimAsync(
            "names.example.com", ["cnok", "cnel", "cnta", "cnaa", "cnno", "cnup"], Zone, CancellationToken.None);
        var byToken = report.Records.ToDictionary(record => record.Name.Split('.')[0]);

        Assert.Multiple(() =>
        {
            Assert.That(byToken["cnok"].NameExists, Is.True);
            Assert.That(byToken["cnel"].NameExists, Is.True);
            Assert.That(byToken["cnta"].Outcome, Is.EqualTo(RecordOutcome.TxtInsteadOfCname));
            Assert.That(byToken["cnta"].NameExists, Is.True);
            Assert.That(byToken["cnaa"].Outcome, Is.EqualTo(RecordOutcome.Missing));
            Assert.That(byToken["cnaa"].NameExists, Is.True, "an A record and no CNAME: the name exists");
            Assert.That(byToken["cnno"].Outcome, Is.EqualTo(RecordOutcome.Missing));
            Assert.That(byToken["cnno"].NameExists, Is.False, "NXDOMAIN");
            Assert.That(byToken["cnup"].Outcome, Is.EqualTo(RecordOutcome.MissingUnderscore));
            Assert.That(byToken["cnup"].NameExists, Is.False, "misplaced: nothing at the right name");
        });
    }

    [Test]
    public async Task Verification_txt_findings_say_whether_the_name_exists()
    {
        var found = await _world.Checker.CheckVerificationTxtAsync("txtok.example.com", "amazonses", Token, CancellationToken.None);
        var noTxt = await _world.Checker.CheckVerificationTxtAsync("txtempty.example.com", "amazonses", Token, CancellationToken.None);
        var noName = await _world.Checker.CheckVerificationTxtAsync("absent.example.com", "amazonses", Token, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found.NameExists, Is.True);
            Assert.That((noTxt.Outcome, noTxt.NameExists), Is.EqualTo((RecordOutcome.Missing, (bool?)true)));
            Assert.That((noName.Outcome, noName.NameExists), Is.EqualTo((RecordOutcome.Missing, (bool?)false)));
        });
    }

    [Test]
    public async Task Byodkim_findings_say_whether_the_name_exists()
    {
        var key = DkimKeyMaterial.Create(1024);
        var noTxt = await _world.Checker.CheckByodkimAsync("names.example.com", "seltxt", key.PublicKeyBase64, CancellationToken.None);
        var noName = await _world.Checker.CheckByodkimAsync("names.example.com", "selnone", key.PublicKeyBase64, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((noTxt.Outcome, noTxt.NameExists), Is.EqualTo((RecordOutcome.Missing, (bool?)true)));
            Assert.That((noName.Outcome, noName.NameExists), Is.EqualTo((RecordOutcome.Missing, (bool?)false)));
        });
    }

    [Test]
    public async Task A_record_not_found_carries_the_SOA_of_the_zone_that_said_so_and_a_found_one_none()
    {
        var report = await _world.Checker.CheckEasyDkimAsync("names.example.com", ["cnok", "cnaa", "cnno"], Zone, CancellationToken.None);
        var byToken = report.Records.ToDictionary(record => record.Name.Split('.')[0]);

        Assert.Multiple(() =>
        {
            Assert.That(byToken["cnok"].Soa, Is.Null);
            foreach (var missing in new[] { byToken["cnaa"], byToken["cnno"] })
            {
                Assert.That(missing.Soa?.PrimaryNameServer, Is.EqualTo("ns.harness.invalid"), missing.Name);
                Assert.That(missing.Soa?.AdminEmail, Is.EqualTo("hostmaster@example.com"), missing.Name);
                Assert.That(missing.Soa?.SerialNumber, Is.GreaterThan(0u), missing.Name);
            }
        });
    }

    [TestCase("hostmaster.example.com.", "hostmaster@example.com")]
    [TestCase("dns\\.admin.example.com", "dns.admin@example.com")]
    [TestCase("root", "root")]
    public void An_rname_is_read_as_a_mailbox(string rname, string mailbox) =>
        Assert.That(ZoneSoa.MailboxOf(rname), Is.EqualTo(mailbox));

    [Test]
    public async Task A_resolver_error_leaves_it_unknown()
    {
        var finding = await CheckerWorld.DeadResolverChecker().CheckVerificationTxtAsync("txtok.example.com", "amazonses", Token, CancellationToken.None);

        Assert.That((finding.Outcome, finding.NameExists), Is.EqualTo((RecordOutcome.ResolverError, (bool?)null)));
    }
}
