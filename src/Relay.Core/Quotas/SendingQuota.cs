using System.Data.Common;
using Microsoft.Extensions.Logging;
using Relay.Core.Ingestion;

namespace Relay.Core.Quotas;

/// <summary>
/// Every account's sending limits, enforced as SES enforces them: recipients are counted, not messages, and a send is
/// let through while the account has any quota left (at least one recipient of rate, fewer recipients in the last 24
/// hours than <c>Max24HourSend</c>), even when its recipients take the account past the limit; later sends then wait
/// for the quota to come back. SMTP and the API share one count.
/// </summary>
/// <remarks>
/// <para>The rate is a token bucket per account, in memory: it holds up to <c>MaxSendRate</c> recipients (at least one)
/// and refills at <c>MaxSendRate</c> a second, so a rate of 1 lets a message to 10 recipients through once every 10
/// seconds, as SES's guide describes. A restart starts every bucket full.</para>
/// <para>The 24-hour count is kept in one-minute buckets. A bucket counts until a full 24 hours after its minute ends,
/// so a count is never forgotten early (at most a minute late). Accepted recipients are added in memory and written to
/// the store every <see cref="SendingQuotaOptions.FlushInterval"/> and at shutdown, never on the message's path: a
/// crash loses at most that interval's counts.</para>
/// <para>A message's recipients are reserved before it is signed and counted when it is accepted; a message refused
/// later (or failing) gives them back, so only accepted mail counts and concurrent sessions cannot all pass on the same
/// last unit of quota.</para>
/// </remarks>
public sealed partial class SendingQuota : ISendQuotaSource, IDisposable
{
    private const long SecondsPerMinute = 60;
    private const long WindowSeconds = 24 * 60 * 60;

    // Refills add up fractions of a second; a sum that should be exactly one recipient must not fall just short of it.
    private const double RoundingAllowance = 1e-9;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AccountId, long Minute), long> _unwritten = [];
    private readonly ISendingQuotaStore _store;
    private readonly SendingLimits _defaults;
    private readonly TimeProvider _time;
    private readonly ILogger<SendingQuota> _logger;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private volatile IReadOnlyDictionary<string, AccountSendingLimits> _own;
    private long _prunedBefore;

    /// <summary>A quota over <paramref name="store"/> that starts from what <see cref="ReadStoredAsync"/> read from it.</summary>
    public SendingQuota(
        ISendingQuotaStore store, SendingQuotaOptions options, StoredSendingQuota stored, TimeProvider time, ILogger<SendingQuota> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _store = store;
        _defaults = options.Defaults;
        _time = time;
        _logger = logger;
        _own = stored.Limits;
        foreach (var count in stored.Counts.OrderBy(count => count.Minute))
        {
            UsageOf(count.AccountId).Add(count.Minute, count.Recipients);
        }
    }

    /// <summary>What a new <see cref="SendingQuota"/> over <paramref name="store"/> starts from: the last 24 hours' counts and the accounts' own limits.</summary>
    public static async Task<StoredSendingQuota> ReadStoredAsync(ISendingQuotaStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = await store.ReadCountsAsync(FirstCountedMinute(now.ToUnixTimeSeconds()), cancellationToken);
        var limits = await store.ReadLimitsAsync(cancellationToken);
        return new StoredSendingQuota(counts, limits);
    }

    /// <summary>The limits enforced for <paramref name="accountId"/>: its own, else the defaults.</summary>
    public SendingLimits LimitsFor(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return _own.TryGetValue(accountId, out var own) ? own.Over(_defaults) : _defaults;
    }

    public SendQuota Current(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (!_usage.TryGetValue(accountId, out var usage))
            {
                return new SendQuota(LimitsFor(accountId), 0);
            }

            usage.Expire(now);
            return new SendQuota(LimitsFor(accountId), usage.Counted);
        }
    }

    /// <summary>
    /// Takes <paramref name="recipients"/> from the account's quota for one message, or refuses it. Commit the
    /// reservation when the message is accepted; disposing it otherwise gives the recipients back.
    /// </summary>
    public QuotaReservation Reserve(string accountId, int recipients)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(recipients);
        var limits = LimitsFor(accountId);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var timestamp = _time.GetTimestamp();
        lock (_gate)
        {
            var usage = UsageOf(accountId);
            usage.Expire(now);
            usage.Refill(limits, timestamp, _time);
            if (!limits.IsUnlimitedPerDay && usage.Counted + usage.Reserved >= limits.Max24HourSend)
            {
                return QuotaReservation.Refused(SendingLimit.Max24HourSend);
            }

            if (usage.Tokens < 1 - RoundingAllowance)
            {
                return QuotaReservation.Refused(SendingLimit.MaxSendRate);
            }

            usage.Tokens -= recipients;
            usage.Reserved += recipients;
            return new QuotaReservation(this, accountId, recipients);
        }
    }

    /// <summary>The ingestion verdict for a message refused by <paramref name="limit"/>: 454 4.7.0, as SES's SMTP interface words it.</summary>
    public static IngestionResult Throttled(SendingLimit limit, string messageId) =>
        new(IngestionOutcome.TemporaryFailure, 454, "4.7.0", SendingLimitMessages.SmtpPrefix + SendingLimitMessages.For(limit), messageId)
        {
            ExceededLimit = limit,
        };

    /// <summary>
    /// Writes the counts accepted since the last flush, forgets stored counts older than 24 hours (once a minute) and
    /// re-reads the accounts' own limits (a CLI change takes effect here). A store failure is logged and keeps the counts
    /// for the next flush.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var counts = TakeUnwritten();
            if (counts.Count > 0)
            {
                try
                {
                    await _store.AddCountsAsync(counts, cancellationToken);
                }
                catch (Exception ex) when (ex is DbException or IOException)
                {
                    PutBack(counts);
                    LogFlushFailed(_logger, counts.Count, ex.Message);
                    return;
                }
                catch (OperationCanceledException)
                {
                    PutBack(counts);
                    throw;
                }
            }

            try
            {
                var firstCounted = FirstCountedMinute(_time.GetUtcNow().ToUnixTimeSeconds());
                if (firstCounted > _prunedBefore)
                {
                    await _store.DeleteCountsBeforeAsync(firstCounted, cancellationToken);
                    _prunedBefore = firstCounted;
                }

                _own = await _store.ReadLimitsAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is DbException or IOException)
            {
                // Old rows wait for the next flush; the limits read last stay in force.
                LogHousekeepingFailed(_logger, ex.Message);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public void Dispose() => _flushing.Dispose();

    internal void Commit(string accountId, int recipients)
    {
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / SecondsPerMinute;
        lock (_gate)
        {
            var usage = UsageOf(accountId);
            usage.Reserved -= recipients;
            usage.Add(minute, recipients);
            var key = (accountId, minute);
            _unwritten[key] = _unwritten.GetValueOrDefault(key) + recipients;
        }
    }

    internal void Release(string accountId, int recipients)
    {
        var limits = LimitsFor(accountId);
        lock (_gate)
        {
            var usage = UsageOf(accountId);
            usage.Reserved -= recipients;
            usage.Tokens = Math.Min(Usage.Capacity(limits), usage.Tokens + recipients);
        }
    }

    /// <summary>The first minute whose bucket still counts at <paramref name="nowSeconds"/>: it ends less than 24 hours ago.</summary>
    private static long FirstCountedMinute(long nowSeconds) =>
        (nowSeconds - WindowSeconds) / SecondsPerMinute;

    private List<SendCount> TakeUnwritten()
    {
        lock (_gate)
        {
            var counts = _unwritten.Select(pair => new SendCount(pair.Key.AccountId, pair.Key.Minute, pair.Value)).ToList();
            _unwritten.Clear();
            return counts;
        }
    }

    private void PutBack(List<SendCount> counts)
    {
        lock (_gate)
        {
            foreach (var count in counts)
            {
                var key = (count.AccountId, count.Minute);
                _unwritten[key] = _unwritten.GetValueOrDefault(key) + count.Recipients;
            }
        }
    }

    private Usage UsageOf(string accountId)
    {
        if (!_usage.TryGetValue(accountId, out var usage))
        {
            usage = new Usage(LimitsFor(accountId), _time.GetTimestamp());
            _usage.Add(accountId, usage);
        }

        return usage;
    }

    [LoggerMessage(EventId = 9180, Level = LogLevel.Warning,
        Message = "Sending counts of {Count} account-minute(s) could not be written, kept for the next attempt: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 9181, Level = LogLevel.Warning,
        Message = "Old sending counts could not be deleted or the accounts' own limits re-read, tried again at the next flush: {Reason}")]
    private static partial void LogHousekeepingFailed(ILogger logger, string reason);

    /// <summary>One account's counts; guarded by the quota's lock.</summary>
    private sealed class Usage(SendingLimits limits, long timestamp)
    {
        private readonly Queue<(long Minute, long Recipients)> _minutes = new();
        private (long Minute, long Recipients) _latest = (long.MinValue, 0);
        private long _refilledAt = timestamp;

        /// <summary>Recipients of accepted messages in the buckets that still count.</summary>
        public long Counted { get; private set; }

        /// <summary>Recipients of messages on their way, not yet accepted or given back.</summary>
        public long Reserved { get; set; }

        /// <summary>Recipients the rate allows now; negative after a message took more than was left.</summary>
        public double Tokens { get; set; } = Capacity(limits);

        /// <summary>At least one recipient, so that a rate below 1 a second still lets one through now and then.</summary>
        public static double Capacity(SendingLimits limits) => Math.Max(1, limits.MaxSendRate);

        public void Add(long minute, long recipients)
        {
            Counted += recipients;
            if (minute <= _latest.Minute)
            {
                // The same minute, or a clock stepped back: either way the newest bucket takes it.
                _latest.Recipients += recipients;
                return;
            }

            if (_latest.Minute != long.MinValue)
            {
                _minutes.Enqueue(_latest);
            }

            _latest = (minute, recipients);
        }

        public void Expire(long nowSeconds)
        {
            var first = FirstCountedMinute(nowSeconds);
            while (_minutes.TryPeek(out var oldest) && oldest.Minute < first)
            {
                Counted -= _minutes.Dequeue().Recipients;
            }

            if (_minutes.Count == 0 && _latest.Minute != long.MinValue && _latest.Minute < first)
            {
                Counted -= _latest.Recipients;
                _latest = (long.MinValue, 0);
            }
        }

        public void Refill(SendingLimits limits, long timestamp, TimeProvider time)
        {
            var elapsed = time.GetElapsedTime(_refilledAt, timestamp).TotalSeconds;
            _refilledAt = timestamp;
            if (elapsed > 0)
            {
                Tokens = Math.Min(Capacity(limits), Tokens + (elapsed * limits.MaxSendRate));
            }
        }
    }
}
