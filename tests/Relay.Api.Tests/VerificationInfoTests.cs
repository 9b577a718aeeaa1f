using System.Text.Json;
using Relay.Api.Tests.Support;
using Relay.Core.Identities;

namespace Relay.Api.Tests;

/// <summary>
/// The verification status SES reports once verification has started (PENDING, not NOT_STARTED, while the DKIM
/// records are awaited), and VerificationInfo's ErrorType and timestamps from the last DNS check.
/// </summary>
public sealed class VerificationInfoTests
{
    private static readonly DateTimeOffset Checked = new(2026, 11, 23, 10, 40, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Succeeded = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task A_domain_waiting_for_its_dkim_records_is_PENDING_in_v2_and_Pending_in_v1()
    {
        DkimOnlyDomain(VerificationStatus.Pending, DnsCheckState.StartingAt(Checked));

        var get = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com"));
        var list = Ok(await _harness.RestAsync("GET", "/v2/email/identities"));
        var v1 = await _harness.QueryAsync("GetIdentityVerificationAttributes", [("Identities.member.1", "example.com")]);

        Assert.That(get.GetProperty("VerificationStatus").GetString(), Is.EqualTo("PENDING"));
        Assert.That(list.GetProperty("EmailIdentities")[0].GetProperty("VerificationStatus").GetString(), Is.EqualTo("PENDING"));
        Assert.That(ApiHarness.Xml(v1).Descendants().Single(e => e.Name.LocalName == "VerificationStatus").Value, Is.EqualTo("Pending"));
    }

    [TestCase(VerificationStatus.Failed, "FAILED")]
    [TestCase(VerificationStatus.TemporaryFailure, "TEMPORARY_FAILURE")]
    [TestCase(VerificationStatus.NotStarted, "NOT_STARTED")]
    public async Task A_domain_verified_only_through_dkim_reports_the_dkim_status(VerificationStatus dkim, string expected)
    {
        DkimOnlyDomain(dkim, DnsCheckState.Idle);

        var get = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com"));

        Assert.That(get.GetProperty("VerificationStatus").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_pending_verification_txt_beside_failed_dkim_is_still_PENDING()
    {
        _harness.Identities.Add(DkimOnlyDomain(VerificationStatus.Failed, DnsCheckState.Idle) with { VerificationStatus = VerificationStatus.Pending });

        var get = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com"));

        Assert.That(get.GetProperty("VerificationStatus").GetString(), Is.EqualTo("PENDING"));
    }

    [TestCase("Missing", false, "HOST_NOT_FOUND")]
    [TestCase("Missing", true, "TYPE_NOT_FOUND")]
    [TestCase("DuplicatedDomain", false, "HOST_NOT_FOUND")]
    [TestCase("MissingUnderscore", true, "TYPE_NOT_FOUND")]
    [TestCase("TxtInsteadOfCname", true, "TYPE_NOT_FOUND")]
    [TestCase("PointsElsewhere", true, "INVALID_VALUE")]
    [TestCase("TargetDomainAppended", true, "INVALID_VALUE")]
    [TestCase("KeyMismatch", true, "INVALID_VALUE")]
    [TestCase("Malformed", true, "INVALID_VALUE")]
    [TestCase("Mismatch", true, "INVALID_VALUE")]
    [TestCase("ResolverError", null, "DNS_SERVER_ERROR")]
    public async Task VerificationInfo_carries_the_error_type_of_the_last_check(string outcome, bool? nameExists, string errorType)
    {
        var records = new[]
        {
            Finding("a", "Found", true),
            Finding("b", outcome, nameExists),
            Finding("c", "Missing", false),
        };
        DkimOnlyDomain(VerificationStatus.Pending, new DnsCheckState(Checked, Checked, null, null, Checked.AddMinutes(5), 3, records));

        var info = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("VerificationInfo");

        Assert.That(info.GetProperty("ErrorType").GetString(), Is.EqualTo(errorType));
        Assert.That(info.GetProperty("LastCheckedTimestamp").GetDouble(), Is.EqualTo(Checked.ToUnixTimeSeconds()));
        Assert.That(info.TryGetProperty("LastSuccessTimestamp", out _), Is.False);
    }

    [Test]
    public async Task SOARecord_is_the_zone_that_answered_for_the_first_record_not_found()
    {
        var soa = new DnsSoa("ns1.dns-host.example", "hostmaster@example.com", 2026112301);
        var records = new[] { Finding("a", "Found", true), Finding("b", "Missing", false) with { Soa = soa }, Finding("c", "Missing", false) };
        DkimOnlyDomain(VerificationStatus.Pending, new DnsCheckState(Checked, Checked, null, null, Checked.AddMinutes(5), 3, records));

        var record = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("VerificationInfo").GetProperty("SOARecord");

        Assert.That(record.GetProperty("PrimaryNameServer").GetString(), Is.EqualTo("ns1.dns-host.example"));
        Assert.That(record.GetProperty("AdminEmail").GetString(), Is.EqualTo("hostmaster@example.com"));
        Assert.That(record.GetProperty("SerialNumber").GetInt64(), Is.EqualTo(2026112301));
    }

    [Test]
    public async Task A_check_without_a_negative_answer_has_no_SOARecord()
    {
        var records = new[] { Finding("a", "PointsElsewhere", true) };
        DkimOnlyDomain(VerificationStatus.Pending, new DnsCheckState(Checked, Checked, null, null, Checked.AddMinutes(5), 3, records));

        var info = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("VerificationInfo");

        Assert.That(info.TryGetProperty("SOARecord", out _), Is.False);
    }

    [Test]
    public async Task A_resolver_error_on_any_record_is_DNS_SERVER_ERROR()
    {
        var records = new[] { Finding("a", "Missing", false), Finding("b", "ResolverError", null) };
        DkimOnlyDomain(VerificationStatus.TemporaryFailure, new DnsCheckState(Checked, Checked, null, null, null, 1, records));

        var info = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("VerificationInfo");

        Assert.That(info.GetProperty("ErrorType").GetString(), Is.EqualTo("DNS_SERVER_ERROR"));
    }

    [Test]
    public async Task A_check_that_found_every_record_has_no_error_type_and_gives_the_last_success()
    {
        var records = new[] { Finding("a", "Found", true), Finding("b", "Found", true), Finding("c", "Found", true) };
        _harness.Identities.Add(DkimOnlyDomain(VerificationStatus.Success, new DnsCheckState(Succeeded, Checked, Checked, null, null, 0, records)));

        var json = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com"));
        var info = json.GetProperty("VerificationInfo");

        Assert.That(json.GetProperty("VerificationStatus").GetString(), Is.EqualTo("SUCCESS"));
        Assert.That(info.TryGetProperty("ErrorType", out _), Is.False);
        Assert.That(info.GetProperty("LastSuccessTimestamp").GetDouble(), Is.EqualTo(Checked.ToUnixTimeSeconds()));
    }

    [Test]
    public async Task The_dkim_check_is_reported_when_dkim_gives_the_status_even_if_the_txt_was_checked()
    {
        var dkimRecords = new[] { Finding("a", "Found", true), Finding("b", "Found", true), Finding("c", "Found", true) };
        var txtRecords = new[] { Finding("_amazonses", "Missing", false) };
        _harness.Identities.Add(DkimOnlyDomain(VerificationStatus.Success, new DnsCheckState(Succeeded, Checked, Checked, null, null, 0, dkimRecords)) with
        {
            VerificationStatus = VerificationStatus.Pending,
            VerificationCheck = new DnsCheckState(Succeeded, Checked.AddMinutes(1), null, null, null, 2, txtRecords),
        });

        var info = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("VerificationInfo");

        Assert.That(info.TryGetProperty("ErrorType", out _), Is.False);
        Assert.That(info.GetProperty("LastCheckedTimestamp").GetDouble(), Is.EqualTo(Checked.ToUnixTimeSeconds()));
    }

    private Identity DkimOnlyDomain(VerificationStatus dkim, DnsCheckState check)
    {
        var domain = _harness.Identities.Domain("shop", "example.com", dkim);
        return _harness.Identities.Add(domain with
        {
            VerificationStatus = VerificationStatus.NotStarted,
            VerificationToken = null,
            DkimCheck = check,
        });
    }

    private static DnsRecordDiagnostic Finding(string label, string outcome, bool? nameExists) =>
        new($"{label}._domainkey.example.com", "CNAME", $"{label}.dkim.relay.test", outcome, "explanation") { NameExists = nameExists };

    private static JsonElement Ok(Http.ApiResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), System.Text.Encoding.UTF8.GetString(response.Body));
        return ApiHarness.Json(response);
    }
}
