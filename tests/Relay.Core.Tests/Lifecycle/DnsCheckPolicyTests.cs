using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

public sealed class DnsCheckPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Retry_delays_double_from_a_minute_up_to_an_hour()
    {
        var policy = new DnsCheckPolicy(new IdentityLifecycleOptions());

        var delays = Enumerable.Range(0, 10).Select(attempts => policy.RetryDelay(attempts).TotalMinutes);

        Assert.That(delays, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60, 60 }));
    }

    [Test]
    public void A_failed_status_stays_failed_when_the_records_are_still_missing()
    {
        var policy = new DnsCheckPolicy(new IdentityLifecycleOptions());
        var state = DnsCheckState.StartingAt(Now) with { NextCheck = null };

        var (status, after) = policy.Apply(VerificationStatus.Failed, state, new DnsCheckResult(DnsCheckOutcome.NotFound, []), Now + TimeSpan.FromHours(1));

        Assert.That(status, Is.EqualTo(VerificationStatus.Failed));
        Assert.That(after.NextCheck, Is.Null);
    }

    [Test]
    public void Records_found_for_a_failed_status_make_it_success()
    {
        var policy = new DnsCheckPolicy(new IdentityLifecycleOptions());

        var (status, after) = policy.Apply(VerificationStatus.Failed, DnsCheckState.StartingAt(Now), new DnsCheckResult(DnsCheckOutcome.Verified, []), Now);

        Assert.That(status, Is.EqualTo(VerificationStatus.Success));
        Assert.That(after.NextCheck, Is.EqualTo(Now + TimeSpan.FromHours(12)));
    }
}
