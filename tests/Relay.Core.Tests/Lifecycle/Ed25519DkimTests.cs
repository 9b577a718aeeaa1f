using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// Issue 20, customer domains: an Ed25519 key beside the RSA ones, behind a fourth token of its own (Easy DKIM) or the
/// customer's selector (BYODKIM), checked apart from the RSA records, signing only once its record verifies.
/// </summary>
public sealed partial class Ed25519DkimTests
{
    private const string Domain = "example.com";
    private const string Sender = "a@example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    [GeneratedRegex("^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$")]
    private static partial Regex Ed25519Txt();

    private Task<IdentityResolution> ResolveAsync() =>
        new IdentityResolver(_h.Store).ResolveAsync(LifecycleHarness.AccountA, Sender, CancellationToken.None);

    private Task<Identity> SetAsync(Ed25519DkimRequest request) =>
        _h.Service.SetEd25519Async(LifecycleHarness.AccountA, Domain, request, CancellationToken.None);

    private static DnsRecord Ed25519Record(IReadOnlyList<DnsRecord> records, Identity identity) =>
        records.Single(record => record.Name == $"{identity.Ed25519!.Key.Selector}._domainkey.{Domain}");

    [Test]
    public async Task Off_by_default_a_domain_has_three_rsa_tokens_and_nothing_else()
    {
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        var identity = await _h.GetAsync(Domain);
        Assert.Multiple(async () =>
        {
            Assert.That(_h.Options.Ed25519, Is.False, "the default");
            Assert.That(identity.Ed25519, Is.Null);
            Assert.That(_h.Ed25519Keys.Generated, Is.Zero, "no Ed25519 work at all");
            Assert.That(_h.Service.RecordsFor(identity).Select(record => record.Type), Is.EqualTo(new[] { "CNAME", "CNAME", "CNAME" }));
            Assert.That((await _h.Store.ListDkimRecordsAsync(CancellationToken.None)).Select(record => record.Label), Is.EquivalentTo(tokens));
        });
    }

    [Test]
    public async Task With_the_setting_on_a_new_domain_gets_a_fourth_token_served_as_k_ed25519_while_ses_still_sees_three()
    {
        _h.Options.Ed25519 = true;

        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        var identity = await _h.GetAsync(Domain);
        var ed25519 = identity.Ed25519!;
        var records = _h.Service.RecordsFor(identity);
        var served = await _h.Store.ListDkimRecordsAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(tokens, Has.Count.EqualTo(3), "VerifyDomainDkim answers SES's three tokens");
            Assert.That(identity.DkimTokens, Is.EqualTo(tokens), "the SES view's tokens are the RSA ones");
            Assert.That(tokens, Does.Not.Contain(ed25519.Key.Selector));
            Assert.That(ed25519.Origin, Is.EqualTo(DkimSigningOrigin.AwsSes));
            Assert.That(ed25519.Status, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(ed25519.Key.Selector, Does.Match("^[a-z2-7]{32}$"), "a token of the same shape as SES's");
            Assert.That(records, Has.Count.EqualTo(4));
            Assert.That(Ed25519Record(records, identity), Is.EqualTo(
                new DnsRecord($"{ed25519.Key.Selector}._domainkey.{Domain}", "CNAME", $"{ed25519.Key.Selector}.{LifecycleHarness.Zone}")));
            Assert.That(served.Select(record => record.Label), Is.EquivalentTo(tokens.Append(ed25519.Key.Selector)));
            Assert.That(served.Single(record => record.Label == ed25519.Key.Selector).Txt, Does.Match(Ed25519Txt()));
            Assert.That(served.Where(record => tokens.Contains(record.Label)).Select(record => record.Txt), Has.All.StartWith("v=DKIM1; k=rsa; p="));
        });
    }

    [Test]
    public async Task The_ed25519_key_signs_only_once_its_own_cname_verifies()
    {
        _h.Options.Ed25519 = true;
        await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var identity = await _h.GetAsync(Domain);
        var rsaOnly = _h.Service.RecordsFor(identity).Where(record => record != Ed25519Record(_h.Service.RecordsFor(identity), identity)).ToList();
        _h.Dns.Publish(rsaOnly);

        var rsaVerified = await _h.RunNextCheckAsync(Domain);

        Assert.Multiple(async () =>
        {
            Assert.That(rsaVerified.DkimStatus, Is.EqualTo(VerificationStatus.Success), "the three CNAMEs are SES's status");
            Assert.That(rsaVerified.Ed25519!.Status, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(rsaVerified.Ed25519.Check.Records.Single().Outcome, Is.EqualTo("Missing"), "the diagnostics name the fourth CNAME");
            var resolution = await ResolveAsync();
            Assert.That(resolution.SigningDomain?.SigningKey, Is.EqualTo(rsaVerified.SigningKey), "RSA signs");
            Assert.That(resolution.Ed25519SigningKey, Is.Null, "Ed25519 does not yet");
        });

        await _h.PublishRecordsAsync(Domain);
        var both = await _h.RunNextCheckAsync(Domain);

        Assert.Multiple(async () =>
        {
            Assert.That(both.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success));
            Assert.That(both.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That((await ResolveAsync()).Ed25519SigningKey, Is.EqualTo(both.Ed25519.Key));
            var announced = _h.Notifier.Events.Where(e => e.Kind == IdentityEventKind.Ed25519StatusChanged).ToList();
            Assert.That(announced.Select(e => (e.From, e.To)), Is.EqualTo(new[] { ((VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.Success) }));
            Assert.That(announced.Single().Message, Does.Contain("ed25519-sha256 signature above the RSA one"));
        });
    }

    [Test]
    public async Task A_missing_fourth_cname_stops_ed25519_signing_and_leaves_rsa_and_ses_status_alone()
    {
        _h.Options.Ed25519 = true;
        var signed = await _h.CreateSignedDomainAsync(Domain);
        Assert.That(signed.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success), "set-up: both verified");

        _h.Dns.Remove([Ed25519Record(_h.Service.RecordsFor(signed), signed)]);
        var checkedAgain = await _h.Service.CheckNowAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(checkedAgain.Ed25519!.Status, Is.EqualTo(VerificationStatus.TemporaryFailure));
            Assert.That(checkedAgain.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            var resolution = await ResolveAsync();
            Assert.That(resolution.SigningDomain, Is.Not.Null);
            Assert.That(resolution.Ed25519SigningKey, Is.Null);
        });
    }

    [Test]
    public async Task Signing_switched_off_signs_with_neither_key()
    {
        _h.Options.Ed25519 = true;
        await _h.CreateSignedDomainAsync(Domain);

        await _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, Domain, false, CancellationToken.None);

        var resolution = await ResolveAsync();
        Assert.Multiple(() =>
        {
            Assert.That(resolution.SigningDomain, Is.Null);
            Assert.That(resolution.Ed25519SigningKey, Is.Null);
        });
    }

    [Test]
    public async Task Turned_on_for_an_existing_domain_once_and_off_again_the_zone_follows()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);

        var on = await SetAsync(Ed25519DkimRequest.Easy);
        var again = await SetAsync(Ed25519DkimRequest.Easy);

        Assert.Multiple(async () =>
        {
            Assert.That(again.Ed25519!.Key, Is.EqualTo(on.Ed25519!.Key), "asking again keeps the token and the key");
            Assert.That(_h.Ed25519Keys.Generated, Is.EqualTo(1));
            Assert.That(on.DkimKeys, Is.EqualTo(signed.DkimKeys), "the RSA keys are untouched");
            Assert.That(await _h.Store.FindDkimRecordAsync(on.Ed25519!.Key.Selector, CancellationToken.None), Does.Match(Ed25519Txt()));
        });

        var off = await SetAsync(Ed25519DkimRequest.Off);

        Assert.Multiple(async () =>
        {
            Assert.That(off.Ed25519, Is.Null);
            Assert.That(await _h.Store.FindDkimRecordAsync(on.Ed25519!.Key.Selector, CancellationToken.None), Is.Null, "withdrawn from the key zone");
            Assert.That(_h.Service.RecordsFor(off), Has.Count.EqualTo(signed.DkimKeys.Count));
        });
    }

    [Test]
    public async Task The_customers_seed_becomes_a_txt_record_checked_like_byodkim()
    {
        await _h.CreateSignedDomainAsync(Domain);
        var seed = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

        var identity = await SetAsync(new Ed25519DkimRequest(true, "ED2026", seed));

        var record = Ed25519Record(_h.Service.RecordsFor(identity), identity);
        Assert.Multiple(() =>
        {
            Assert.That(identity.Ed25519!.Origin, Is.EqualTo(DkimSigningOrigin.External));
            Assert.That(identity.Ed25519.Key.Selector, Is.EqualTo("ed2026"));
            // RFC 8032 7.1 has no vector for this seed; the public key is whatever Ed25519 derives, in 32 octets.
            Assert.That(record.Type, Is.EqualTo("TXT"));
            Assert.That(record.Value, Does.Match(Ed25519Txt()));
            Assert.That(identity.Ed25519.Status, Is.EqualTo(VerificationStatus.Pending));
        });

        _h.Dns.Publish([record with { Value = "v=DKIM1; k=ed25519; p=" + Convert.ToBase64String(new byte[32]) }]);
        var wrongKey = await _h.Service.CheckNowAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        _h.Dns.Publish([record]);
        var rightKey = await _h.Service.CheckNowAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(wrongKey.Ed25519!.Status, Is.EqualTo(VerificationStatus.Pending), "another key is not the customer's");
            Assert.That(rightKey.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success));
            Assert.That(await _h.Store.FindDkimRecordAsync("ed2026", CancellationToken.None), Is.Null, "the customer serves it, not the key zone");
            Assert.That((await ResolveAsync()).Ed25519SigningKey?.Selector, Is.EqualTo("ed2026"));
        });
    }

    [Test]
    public async Task The_same_seed_as_pkcs8_pem_gives_the_same_public_key()
    {
        await _h.CreateSignedDomainAsync(Domain);
        var seed = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var fromSeed = await SetAsync(new Ed25519DkimRequest(true, "ed1", seed));

        var fromPem = await SetAsync(new Ed25519DkimRequest(true, "ed2", fromSeed.Ed25519!.Key.PrivateKeyPem));

        Assert.That(fromPem.Ed25519!.Key.Ed25519PublicKey, Is.EqualTo(fromSeed.Ed25519.Key.Ed25519PublicKey));
    }

    [TestCase("not a key")]
    [TestCase("AAEC")]
    [TestCase("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")]
    public async Task Anything_but_an_ed25519_private_key_is_refused(string key)
    {
        await _h.CreateSignedDomainAsync(Domain);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => SetAsync(new Ed25519DkimRequest(true, "ed", key)));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
            Assert.That((await _h.GetAsync(Domain)).Ed25519, Is.Null);
        });
    }

    [Test]
    public async Task A_selector_of_an_rsa_key_is_refused_for_the_ed25519_one()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var seed = Convert.ToBase64String(new byte[32]);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => SetAsync(new Ed25519DkimRequest(true, signed.DkimTokens[1], seed)));

        Assert.That(refused!.Message, Does.Contain("selector of its own"));
    }

    [Test]
    public async Task An_email_address_has_no_ed25519_key()
    {
        await _h.Service.ConfirmEmailByOperatorAsync(LifecycleHarness.AccountA, Sender, CancellationToken.None);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(() =>
            _h.Service.SetEd25519Async(LifecycleHarness.AccountA, Sender, Ed25519DkimRequest.Easy, CancellationToken.None));

        Assert.That(refused!.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }

    [Test]
    public async Task The_private_key_is_sealed_in_the_lifecycle_json_and_reads_back_whole()
    {
        _h.Options.Ed25519 = true;
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var pem = signed.Ed25519!.Key.PrivateKeyPem;
        Assert.That(pem, Does.StartWith("-----BEGIN PRIVATE KEY-----"), "set-up: the PEM as the factory made it");

        var stored = await LifecycleJsonAsync();
        var read = await _h.GetAsync(Domain);

        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.Not.Contain("PRIVATE KEY"));
            Assert.That(stored, Does.Not.Contain(pem.Split('\n')[1]), "not the PEM's base64 either");
            using var json = JsonDocument.Parse(stored);
            var key = json.RootElement.GetProperty("Ed25519").GetProperty("Key");
            Assert.That(key.GetProperty("PrivateKeyPem").GetString(), Does.StartWith("relay-sealed:1:"));
            Assert.That(key.GetProperty("Ed25519PublicKey").GetString(), Is.EqualTo(signed.Ed25519.Key.Ed25519PublicKey), "the public key is not secret");
            Assert.That(json.RootElement.GetProperty("Ed25519").TryGetProperty("Signs", out _), Is.False, "no derived fields stored");
            Assert.That(read.Ed25519!.Key, Is.EqualTo(signed.Ed25519.Key));
            Assert.That(read.Ed25519.Status, Is.EqualTo(VerificationStatus.Success));
        });
    }

    [Test]
    public async Task Rotation_puts_a_new_ed25519_key_behind_the_same_token_and_pauses_only_ed25519_signing()
    {
        _h.Options.Ed25519 = true;
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var token = signed.Ed25519!.Key.Selector;
        var rotatedAt = _h.Now;

        var rotated = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(rotated.Ed25519!.Key.Selector, Is.EqualTo(token), "the customer's fourth CNAME stays");
            Assert.That(rotated.Ed25519.Key.Ed25519PublicKey, Is.Not.EqualTo(signed.Ed25519.Key.Ed25519PublicKey));
            Assert.That(rotated.Ed25519.Status, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(rotated.Ed25519.Check.NextCheck, Is.EqualTo(rotatedAt + _h.Options.EffectiveKeySwitchDelay));
            Assert.That(await _h.Store.FindDkimRecordAsync(token, CancellationToken.None), Is.EqualTo(DkimPublicKeys.TxtValue(rotated.Ed25519.Key)));
            var resolution = await ResolveAsync();
            Assert.That(resolution.SigningDomain, Is.Not.Null, "RSA goes on signing");
            Assert.That(resolution.Ed25519SigningKey, Is.Null, "no Ed25519 signature a cached old record would fail");
        });

        var checkedByHand = await _h.Service.CheckNowAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        Assert.That(checkedByHand.Ed25519!.Status, Is.EqualTo(VerificationStatus.Pending), "a check asked for by hand does not cut the pause short");

        await _h.RunChecksAtAsync(rotatedAt + _h.Options.EffectiveKeySwitchDelay);
        var resumed = await _h.GetAsync(Domain);

        Assert.Multiple(async () =>
        {
            Assert.That(resumed.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success));
            Assert.That(resumed.Ed25519.SwitchAfter, Is.Null);
            Assert.That((await ResolveAsync()).Ed25519SigningKey, Is.EqualTo(rotated.Ed25519!.Key));
        });
    }

    [Test]
    public async Task Scheduled_rotation_renews_the_ed25519_key_behind_the_same_token_too()
    {
        _h.Options.Ed25519 = true;
        var signed = await _h.CreateSignedDomainAsync(Domain);
        Assert.That(signed.NextRotation, Is.Not.Null, "set-up: automatic rotation is on");

        await _h.RunChecksAtAsync(signed.NextRotation!.Value);
        var rotated = await _h.GetAsync(Domain);

        Assert.Multiple(async () =>
        {
            Assert.That(rotated.StagedDkim, Is.Not.Null, "the RSA rotation ran");
            Assert.That(rotated.Ed25519!.Key.Selector, Is.EqualTo(signed.Ed25519!.Key.Selector));
            Assert.That(rotated.Ed25519.Key.Ed25519PublicKey, Is.Not.EqualTo(signed.Ed25519.Key.Ed25519PublicKey));
            Assert.That(rotated.Ed25519.Status, Is.EqualTo(VerificationStatus.Pending));
            Assert.That((await ResolveAsync()).Ed25519SigningKey, Is.Null, "paused while resolvers may hold the old record");
        });

        await _h.RunChecksAtAsync(rotated.Ed25519!.Check.NextCheck!.Value);

        Assert.That((await ResolveAsync()).Ed25519SigningKey, Is.EqualTo(rotated.Ed25519.Key));
    }

    private async Task<string> LifecycleJsonAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_h.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT lifecycle FROM identities WHERE name = 'example.com';";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
