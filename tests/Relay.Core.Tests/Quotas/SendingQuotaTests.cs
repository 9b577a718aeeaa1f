using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Quotas;

namespace Relay.Core.Tests.Quotas;

/// <summary>The rate, the rolling 24 hours and their counts, on a fake clock.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SendingQuotaTests
{
    private const string Account = "shop";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero));
    private readonly InMemorySendingQuotaStore _store = new();

    private SendingQuota Create(double max24HourSend = 50_000, double maxSendRate = 14) => new(
        _store, new SendingQuotaOptions { Max24HourSend = max24HourSend, MaxSendRate = maxSendRate },
        SendingQuota.ReadStoredAsync(_store, _clock.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult(),
        _clock, NullLogger<SendingQuota>.Instance);

    private static async Task<SendingLimit?> SendAsync(SendingQuota quota, int recipients = 1, string account = Account)
    {
        await using var reservation = await quota.ReserveAsync(account, recipients, CancellationToken.None);
        reservation.Commit();
        return reservation.ExceededLimit;
    }

    [Test]
    public async Task Recipients_are_counted_not_messages()
    {
        using var quota = Create();

        await SendAsync(quota, recipients: 3);
        await SendAsync(quota, recipients: 1);

        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(4));
        Assert.That(quota.Current("other").SentLast24Hours, Is.Zero, "each account has its own count");
    }

    [Test]
    public async Task A_send_goes_through_while_any_daily_quota_is_left_even_past_it_and_the_next_is_refused()
    {
        using var quota = Create(max24HourSend: 2);

        Assert.That(await SendAsync(quota), Is.Null);
        Assert.That(await SendAsync(quota, recipients: 5), Is.Null, "one recipient was left: SES lets a message to several through");
        Assert.That(await SendAsync(quota), Is.EqualTo(SendingLimit.Max24HourSend));
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(6), "a refused message does not count");
    }

    [Test]
    public async Task The_24_hours_roll_a_count_is_forgotten_a_full_day_after_its_minute_never_earlier()
    {
        using var quota = Create(max24HourSend: 1);
        await SendAsync(quota);

        _clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(1));
        Assert.That(await SendAsync(quota), Is.EqualTo(SendingLimit.Max24HourSend));

        _clock.Advance(TimeSpan.FromSeconds(31)); // the minute of the send (10:00) ended 24 hours ago
        Assert.That(quota.Current(Account).SentLast24Hours, Is.Zero);
        Assert.That(await SendAsync(quota), Is.Null);
    }

    [Test]
    public async Task Counts_of_different_minutes_leave_the_window_one_by_one()
    {
        using var quota = Create();
        await SendAsync(quota, recipients: 2);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await SendAsync(quota, recipients: 3);

        _clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(29));
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(3));

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.That(quota.Current(Account).SentLast24Hours, Is.Zero);
    }

    [Test]
    public async Task The_rate_allows_a_burst_of_MaxSendRate_then_refills_at_MaxSendRate_a_second()
    {
        using var quota = Create(maxSendRate: 2);

        Assert.That(await SendAsync(quota), Is.Null);
        Assert.That(await SendAsync(quota), Is.Null);
        Assert.That(await SendAsync(quota), Is.EqualTo(SendingLimit.MaxSendRate));

        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.That(await SendAsync(quota), Is.EqualTo(SendingLimit.MaxSendRate));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await SendAsync(quota), Is.Null);
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(3));
    }

    [Test]
    public async Task A_message_to_ten_recipients_at_one_a_second_blocks_the_next_for_ten_seconds_as_SES_describes()
    {
        using var quota = Create(maxSendRate: 1);

        Assert.That(await SendAsync(quota, recipients: 10), Is.Null);
        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That(await SendAsync(quota), Is.EqualTo(SendingLimit.MaxSendRate));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(await SendAsync(quota), Is.Null);
    }

    [Test]
    public async Task A_rate_below_one_a_second_still_lets_one_recipient_through_now_and_then()
    {
        using var quota = Create(maxSendRate: 0.5);

        Assert.That(await SendAsync(quota), Is.Null);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await SendAsync(quota), Is.EqualTo(SendingLimit.MaxSendRate));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await SendAsync(quota), Is.Null);
    }

    [Test]
    public async Task A_reservation_not_committed_gives_its_recipients_back_to_both_limits()
    {
        using var quota = Create(max24HourSend: 1, maxSendRate: 1);

        await using (var failed = await quota.ReserveAsync(Account, 1, CancellationToken.None))
        {
            Assert.That(failed.ExceededLimit, Is.Null);
        }

        Assert.That(quota.Current(Account).SentLast24Hours, Is.Zero);
        Assert.That(await SendAsync(quota), Is.Null, "neither the day nor the second was used by the message that was not accepted");
    }

    [Test]
    public async Task A_message_in_flight_holds_the_last_unit_so_a_concurrent_one_is_refused()
    {
        using var quota = Create(max24HourSend: 1);

        await using var first = await quota.ReserveAsync(Account, 1, CancellationToken.None);
        await using var second = await quota.ReserveAsync(Account, 1, CancellationToken.None);

        Assert.That(first.ExceededLimit, Is.Null);
        Assert.That(second.ExceededLimit, Is.EqualTo(SendingLimit.Max24HourSend));
    }

    [Test]
    public async Task Minus_one_is_an_unlimited_day()
    {
        using var quota = Create(max24HourSend: -1, maxSendRate: 1000);

        var refused = 0;
        for (var index = 0; index < 500; index++)
        {
            refused += await SendAsync(quota, recipients: 50) is null ? 0 : 1;
            _clock.Advance(TimeSpan.FromMilliseconds(50)); // 50 recipients of rate back
        }


        Assert.That(refused, Is.Zero);
        Assert.That(quota.Current(Account).SentLast24Hours, Is.EqualTo(25_000));
        Assert.That(quota.Current(Account).Limits.Max24HourSend, Is.EqualTo(-1));
    }

    [Test]
    public async Task An_accounts_own_limits_replace_the_defaults_from_the_next_flush()
    {
        using var quota = Create(max24HourSend: 50_000, maxSendRate: 14);
        await _store.SaveLimitsAsync(Account, new AccountSendingLimits(2, null), CancellationToken.None);

        Assert.That(quota.LimitsFor(Account), Is.EqualTo(new SendingLimits(50_000, 14)));
        await quota.FlushAsync(CancellationToken.None);

        Assert.That(quota.Current(Account).Limits, Is.EqualTo(new SendingLimits(2, 14)));
        Assert.That(quota.Current("other").Limits, Is.EqualTo(new SendingLimits(50_000, 14)));
    }

    [Test]
    public async Task Counts_are_written_at_flush_not_at_send_and_a_new_quota_on_the_store_starts_from_them()
    {
        using (var quota = Create())
        {
            await SendAsync(quota, recipients: 3);
            _clock.Advance(TimeSpan.FromMinutes(2));
            await SendAsync(quota, recipients: 2);
            Assert.That(_store.Writes, Is.Zero, "nothing is written on the message's path");
            await quota.FlushAsync(CancellationToken.None);
            Assert.That(_store.Writes, Is.EqualTo(1), "one write for everything since the last flush");
            await quota.FlushAsync(CancellationToken.None);
            Assert.That(_store.Writes, Is.EqualTo(1), "nothing new, nothing written");
        }

        using var restarted = Create(max24HourSend: 6);

        Assert.That(restarted.Current(Account).SentLast24Hours, Is.EqualTo(5));
        Assert.That(await SendAsync(restarted), Is.Null);
        Assert.That(await SendAsync(restarted), Is.EqualTo(SendingLimit.Max24HourSend));
    }

    [Test]
    public async Task A_failed_write_keeps_the_counts_for_the_next_flush()
    {
        using var quota = Create();
        await SendAsync(quota, recipients: 4);
        _store.FailingWrites = 1;

        await quota.FlushAsync(CancellationToken.None);
        Assert.That(_store.Stored(Account), Is.Zero);
        await SendAsync(quota, recipients: 1);
        await quota.FlushAsync(CancellationToken.None);

        Assert.That(_store.Stored(Account), Is.EqualTo(5));
    }

    [Test]
    public async Task A_store_that_cannot_be_read_keeps_the_limits_in_force_and_the_flush_does_not_throw()
    {
        await _store.SaveLimitsAsync(Account, new AccountSendingLimits(5, null), CancellationToken.None);
        using var quota = Create();
        await _store.SaveLimitsAsync(Account, new AccountSendingLimits(9, null), CancellationToken.None);
        _store.FailingLimitReads = 1;

        Assert.DoesNotThrowAsync(() => quota.FlushAsync(CancellationToken.None));
        Assert.That(quota.LimitsFor(Account).Max24HourSend, Is.EqualTo(5));
        await quota.FlushAsync(CancellationToken.None);
        Assert.That(quota.LimitsFor(Account).Max24HourSend, Is.EqualTo(9));
    }

    [Test]
    public async Task Counts_older_than_the_window_are_deleted_from_the_store()
    {
        using var quota = Create();
        await SendAsync(quota, recipients: 4);
        await quota.FlushAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await quota.FlushAsync(CancellationToken.None);

        Assert.That(_store.Stored(Account), Is.Zero);
    }

    [TestCase(-1, 14, true)]
    [TestCase(0, 14, true)]
    [TestCase(50_000, 0.5, true)]
    [TestCase(-2, 14, false)]
    [TestCase(1.5, 14, false)]
    [TestCase(200, 0, false)]
    [TestCase(200, -1, false)]
    [TestCase(200, double.PositiveInfinity, false)]
    public async Task Limits_take_minus_one_or_a_whole_number_per_day_and_a_positive_rate(double max24HourSend, double maxSendRate, bool valid)
    {
        var limits = new SendingLimits(max24HourSend, maxSendRate);

        if (valid)
        {
            Assert.DoesNotThrow(limits.Validate);
        }
        else
        {
            Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(limits.Validate);
        }
    }
}
