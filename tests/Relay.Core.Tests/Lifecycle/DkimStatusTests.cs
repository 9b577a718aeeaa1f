using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>The DKIM status machine, driven through <see cref="IdentityVerifier"/> on the fake clock.</summary>
public sealed class DkimStatusTests
{
    private const string Domain = "example.com";
    private const string From = "news@example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    private Task<IdentityResolution> ResolveAsync() =>
        new IdentityResolver(_h.Store).ResolveAsync(LifecycleHarness.AccountA, From, CancellationToken.None);

    private Task<IReadOnlyList<string>> StartAsync() => _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

    private IEnumerable<(IdentityEventKind Kind, VerificationStatus? From, VerificationStatus? To)> Events() =>
        _h.Notifier.Events.Select(e => (e.Kind, e.From, e.To));

    [Test]
    public async Task Published_records_make_pending_dkim_success_verify_the_domain_and_start_domain_signing()
    {
        await StartAsync();
        Assert.That((await ResolveAsync()).IsAuthorized, Is.False, "a pending domain authorises nothing");
        await _h.PublishRecordsAsync(Domain);

        var identity = await _h.RunNextCheckAsync(Domain);

        Assert.Multiple(() =>
        {
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(identity.VerificationStatus, Is.EqualTo(VerificationStatus.Success), "DKIM success verifies the domain, as in SES");
            Assert.That(identity.DkimCheck.LastSuccess, Is.EqualTo(_h.Now));
            Assert.That(identity.NextCheck, Is.EqualTo(_h.Now + _h.Options.RecheckInterval), "verified records are re-checked");
            Assert.That(identity.DkimCheck.Records.Select(r => r.Outcome), Is.EqualTo(new[] { "Found", "Found", "Found" }));
        });
        Assert.That(Events(), Does.Contain((IdentityEventKind.DkimStatusChanged, (VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.Success)));
        Assert.That(_h.Notifier.Events.First(e => e.Kind == IdentityEventKind.DkimStatusChanged).Identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        var resolution = await ResolveAsync();
        Assert.That(resolution.SigningDomain?.Name, Is.EqualTo(Domain));
        Assert.That(resolution.SigningDomain?.SigningKey, Is.EqualTo(identity.DkimKeys[0]));
    }

    [Test]
    public async Task When_dkim_verifies_the_domain_the_verification_status_change_is_announced_too()
    {
        await StartAsync();
        await _h.PublishRecordsAsync(Domain);

        await _h.RunNextCheckAsync(Domain);

        Assert.That(Events(), Does.Contain((IdentityEventKind.VerificationStatusChanged, (VerificationStatus?)VerificationStatus.NotStarted, (VerificationStatus?)VerificationStatus.Success)),
            "every status change is announced (issue 4), and the verification status changed");
    }

    [Test]
    public async Task Missing_records_keep_a_domain_pending_with_doubling_delays_capped_at_an_hour_and_fail_it_at_exactly_72_hours()
    {
        await StartAsync();
        var since = _h.Now;
        var deadline = since + TimeSpan.FromHours(72);
        var delays = new List<TimeSpan>();
        var identity = await _h.GetAsync(Domain);
        while (identity.DkimStatus == VerificationStatus.Pending && delays.Count < 200)
        {
            var checkedAt = identity.NextCheck!.Value;
            Assert.That(checkedAt, Is.LessThanOrEqualTo(deadline));
            identity = await _h.RunNextCheckAsync(Domain);
            if (identity.DkimStatus == VerificationStatus.Pending)
            {
                Assert.That(_h.Now, Is.LessThan(deadline), "still pending only before the window ends");
                delays.Add(identity.NextCheck!.Value - checkedAt);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(delays.Take(8).Select(d => d.TotalMinutes), Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60 }));
            Assert.That(delays, Has.All.LessThanOrEqualTo(TimeSpan.FromHours(1)));
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Failed));
            Assert.That(_h.Now, Is.EqualTo(deadline), "FAILED at exactly the end of the window");
            Assert.That(identity.NextCheck, Is.Null, "a FAILED domain is not looked at again by itself");
            Assert.That(Events(), Is.EqualTo(new[] { (IdentityEventKind.DkimStatusChanged, (VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.Failed) }));
        });
        Assert.That(await _h.RunChecksAtAsync(deadline + TimeSpan.FromDays(30)), Is.Zero);
    }

    [Test]
    public async Task A_check_just_before_the_window_ends_leaves_the_domain_pending()
    {
        await StartAsync();

        await _h.RunChecksAtAsync(_h.Now + TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));

        var identity = await _h.GetAsync(Domain);
        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(identity.NextCheck, Is.EqualTo(LifecycleHarness.Start + TimeSpan.FromHours(72)), "the next check is the end of the window");
    }

    [Test]
    public async Task A_resolver_error_makes_pending_a_temporary_failure_and_the_next_good_check_success()
    {
        await StartAsync();
        _h.Dns.ResolverDown = true;

        var failing = await _h.RunNextCheckAsync(Domain);
        _h.Dns.ResolverDown = false;
        await _h.PublishRecordsAsync(Domain);
        var recovered = await _h.RunNextCheckAsync(Domain);

        Assert.That(failing.DkimStatus, Is.EqualTo(VerificationStatus.TemporaryFailure));
        Assert.That(failing.NextCheck, Is.EqualTo(LifecycleHarness.Start + TimeSpan.FromMinutes(1)), "retried");
        Assert.That(recovered.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(Events().Where(e => e.Kind == IdentityEventKind.DkimStatusChanged), Is.EqualTo(new[]
        {
            (IdentityEventKind.DkimStatusChanged, (VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.TemporaryFailure),
            (IdentityEventKind.DkimStatusChanged, (VerificationStatus?)VerificationStatus.TemporaryFailure, (VerificationStatus?)VerificationStatus.Success),
        }));
    }

    [Test]
    public async Task A_resolver_that_stays_down_never_counts_as_missing_records()
    {
        await StartAsync();
        _h.Dns.ResolverDown = true;

        for (var hour = 0; hour <= 80; hour++)
        {
            await _h.RunChecksAtAsync(LifecycleHarness.Start + TimeSpan.FromHours(hour));
        }

        var identity = await _h.GetAsync(Domain);
        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.TemporaryFailure),
            "DnsCheckPolicy: a resolver error never counts as missing; issue 4: resolver errors → TEMPORARY_FAILURE, and retry");
        Assert.That(identity.NextCheck, Is.GreaterThan(_h.Now), "still retried, and not in a busy loop");
    }

    [Test]
    public async Task Check_now_looks_before_the_scheduled_time()
    {
        await StartAsync();
        await _h.RunNextCheckAsync(Domain);
        await _h.RunNextCheckAsync(Domain);
        Assert.That((await _h.GetAsync(Domain)).NextCheck, Is.GreaterThan(_h.Now), "set-up: the next check is later");
        await _h.PublishRecordsAsync(Domain);

        var identity = await _h.Service.CheckNowAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That((await _h.GetAsync(Domain)).DkimStatus, Is.EqualTo(VerificationStatus.Success), "saved");
    }

    [Test]
    public async Task Verified_records_that_disappear_are_a_temporary_failure_without_domain_signing_then_fail_after_the_grace_period()
    {
        await _h.CreateSignedDomainAsync(Domain);
        _h.Dns.Clear();

        var missing = await _h.RunNextCheckAsync(Domain);
        var missingSince = _h.Now;

        Assert.Multiple(() =>
        {
            Assert.That(missing.DkimStatus, Is.EqualTo(VerificationStatus.TemporaryFailure), "SES's word for records it cannot confirm now");
            Assert.That(missing.IsVerified, Is.True, "still verified for sending during the grace period");
            Assert.That(missing.DkimCheck.MissingSince, Is.EqualTo(missingSince));
            Assert.That(missing.NextCheck, Is.EqualTo(missingSince + TimeSpan.FromMinutes(1)), "looked at again soon");
            Assert.That(Events(), Is.EqualTo(new[] { (IdentityEventKind.DkimRecordsMissing, (VerificationStatus?)VerificationStatus.Success, (VerificationStatus?)VerificationStatus.TemporaryFailure) }));
        });
        var during = await ResolveAsync();
        Assert.That(during.AuthorizingIdentity?.Name, Is.EqualTo(Domain), "mail still goes out during the grace period");
        Assert.That(during.SigningDomain, Is.Null, "without a domain signature whose key a verifier cannot find");

        var identity = missing;
        for (var guard = 0; identity.DkimStatus == VerificationStatus.TemporaryFailure && guard < 200; guard++)
        {
            identity = await _h.RunNextCheckAsync(Domain);
        }

        Assert.Multiple(() =>
        {
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Failed));
            Assert.That(_h.Now, Is.EqualTo(missingSince + TimeSpan.FromHours(72)), "FAILED when the grace period ends, not before or later");
            Assert.That(Events().Count(e => e.Kind == IdentityEventKind.DkimRecordsMissing), Is.EqualTo(1), "the missing records are announced once");
            Assert.That(Events().Last(), Is.EqualTo((IdentityEventKind.DkimStatusChanged, (VerificationStatus?)VerificationStatus.TemporaryFailure, (VerificationStatus?)VerificationStatus.Failed)));
        });
        var resolution = await ResolveAsync();
        Assert.That(resolution.AuthorizingIdentity?.Name, Is.EqualTo(Domain), "mail still goes out");
        Assert.That(resolution.SigningDomain, Is.Null, "with the provider signature only");
    }

    [Test]
    public async Task Records_back_within_the_grace_period_clear_the_missing_state()
    {
        await _h.CreateSignedDomainAsync(Domain);
        var records = _h.Service.RecordsFor(await _h.GetAsync(Domain));
        _h.Dns.Clear();
        await _h.RunNextCheckAsync(Domain);
        await _h.RunNextCheckAsync(Domain);
        _h.Dns.Publish(records);

        var identity = await _h.RunNextCheckAsync(Domain);
        var back = _h.Now;
        for (var guard = 0; guard < 20; guard++)
        {
            await _h.RunNextCheckAsync(Domain);
        }

        Assert.That(identity.DkimCheck.MissingSince, Is.Null);
        Assert.That(identity.NextCheck, Is.EqualTo(back + _h.Options.RecheckInterval));
        Assert.That(_h.Now, Is.GreaterThan(back + TimeSpan.FromHours(72)), "set-up: checked past the grace period");
        Assert.That((await _h.GetAsync(Domain)).DkimStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That((await ResolveAsync()).SigningDomain?.Name, Is.EqualTo(Domain), "signing again once the records are back");
        Assert.That(Events(), Is.EqualTo(new[]
        {
            (IdentityEventKind.DkimRecordsMissing, (VerificationStatus?)VerificationStatus.Success, (VerificationStatus?)VerificationStatus.TemporaryFailure),
            (IdentityEventKind.DkimStatusChanged, VerificationStatus.TemporaryFailure, VerificationStatus.Success),
        }));
    }

    [Test]
    public async Task A_resolver_error_leaves_a_verified_domain_verified_and_signing()
    {
        await _h.CreateSignedDomainAsync(Domain);
        _h.Dns.ResolverDown = true;

        var identity = await _h.RunNextCheckAsync(Domain);
        for (var guard = 0; guard < 100; guard++)
        {
            identity = await _h.RunNextCheckAsync(Domain);
        }

        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(identity.DkimCheck.MissingSince, Is.Null, "a resolver error is not a missing record");
        Assert.That(_h.Notifier.Events, Is.Empty);
        Assert.That((await ResolveAsync()).SigningDomain?.Name, Is.EqualTo(Domain));
    }

    [Test]
    public async Task One_identity_whose_check_throws_does_not_keep_the_others_from_being_checked()
    {
        await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "broken.test", CancellationToken.None);
        _h.Dns.FaultyDomains.Add("broken.test");
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await StartAsync();
        await _h.PublishRecordsAsync(Domain);

        for (var sweep = 0; sweep < 3; sweep++)
        {
            try
            {
                await _h.RunChecksAtAsync(_h.Now + TimeSpan.FromMinutes(1));
            }
            catch (InvalidOperationException)
            {
                // The host logs a failed sweep and tries again later, as this loop does.
            }
        }

        Assert.That((await _h.GetAsync(Domain)).DkimStatus, Is.EqualTo(VerificationStatus.Success),
            "a due identity must not wait forever behind one whose check keeps failing");
    }
}
