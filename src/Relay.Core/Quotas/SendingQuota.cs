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
/// <para>The rate is a token bucket per account (<see cref="ISendRate"/>): in memory for one node
/// (<see cref="InMemorySendRate"/>), in the shared store for several (<see cref="StoredSendRate"/>).</para>
/// <para>The 24-hour count is kept in one-minute buckets. A bucket counts until a full 24 hours after its minute ends,
/// so a count is never forgotten early (at most a minute late). Accepted recipients are added in memory and written to
/// the store every <see cref="SendingQuotaOptions.FlushInterval"/> and at shutdown, never on the message's path: a
/// crash loses at most that interval's counts. Each flush then reads back the stored buckets of the last two minutes
/// (all 24 hours once a minute), so the counts of other nodes on a shared store are counted here too, a flush
/// interval late at most.</para>
/// <para>A message's recipients are reserved before it is signed and counted when it is accepted; a message refused
/// later (or failing) gives them back, so only accepted mail counts and concurrent sessions cannot all pass on the same
/// last unit of quota.</para>
/// </remarks>
public sealed partial class SendingQuota : ISendQuotaSource, IDisposable
{
    private const long SecondsPerMinute = 60;
    private const long WindowSeconds = 24 * 60 * 60;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AccountId, long Minute), long> _unwritten = [];
    private readonly ISendingQuotaStore _store;
    private readonly SendingLimits _defaults;
    private readonly TimeProvider _time;
    private readonly ILogger<SendingQuota> _logger;
    private readonly ISendRate _rate;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private volatile IReadOnlyDictionary<string, AccountSendingLimits> _own;
    private long _prunedBefore;

    /// <summary>
    /// A quota over <paramref name="store"/> that starts from what <see cref="ReadStoredAsync"/> read from it; the rate
    /// is <paramref name="rate"/>'s, else this process's own (<see cref="InMemorySendRate"/>).
    /// </summary>
    public SendingQuota(
        ISendingQuotaStore store, SendingQuotaOptions options, StoredSendingQuota stored, TimeProvider time, ILogger<SendingQuota> logger,
        ISendRate? rate = null)
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
        _rate = rate ?? new InMemorySendRate(time);
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
    /// <exception cref="System.Data.Common.DbException">The shared store holding the rate could not be asked (nothing is taken).</exception>
    public async ValueTask<QuotaReservation> ReserveAsync(string accountId, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(recipients);
        var limits = LimitsFor(accountId);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            var usage = UsageOf(accountId);
            usage.Expire(now);
            if (!limits.IsUnlimitedPerDay && usage.Counted + usage.Reserved >= limits.Max24HourSend)
            {
                return QuotaReservation.Refused(SendingLimit.Max24HourSend);
            }

            // Held while the rate is asked, so that concurrent sessions cannot all pass on the same last unit of the day.
            usage.Reserved += recipients;
        }

        var taken = false;
        try
        {
            taken = await _rate.TryTakeAsync(accountId, recipients, limits, cancellationToken);
        }
        finally
        {
            if (!taken)
            {
                lock (_gate)
                {
                    UsageOf(accountId).Reserved -= recipients;
                }
            }
        }

        return taken ? new QuotaReservation(this, accountId, recipients) : QuotaReservation.Refused(SendingLimit.MaxSendRate);
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
                catch (Exception ex) when (ex is DbException or IOException || Storage.StoreUnavailable.Is(ex))
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
                var nowSeconds = _time.GetUtcNow().ToUnixTimeSeconds();
                var firstCounted = FirstCountedMinute(nowSeconds);
                var readFrom = (nowSeconds / SecondsPerMinute) - 1;
                if (firstCounted > _prunedBefore)
                {
                    await _store.DeleteCountsBeforeAsync(firstCounted, cancellationToken);
                    await _rate.ForgetFullBucketsAsync(cancellationToken);
                    _prunedBefore = firstCounted;
                    readFrom = firstCounted;
                }

                _own = await _store.ReadLimitsAsync(cancellationToken);
                AdoptStored(await _store.ReadCountsAsync(readFrom, cancellationToken), readFrom);
            }
            catch (Exception ex) when (ex is DbException or IOException || Storage.StoreUnavailable.Is(ex))
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

    internal async ValueTask ReleaseAsync(string accountId, int recipients)
    {
        lock (_gate)
        {
            UsageOf(accountId).Reserved -= recipients;
        }

        try
        {
            await _rate.GiveBackAsync(accountId, recipients, LimitsFor(accountId), CancellationToken.None);
        }
        catch (Exception ex) when (Storage.StoreUnavailable.Is(ex))
        {
            // Only the rate is short for a moment: the bucket refills on its own.
            LogGiveBackFailed(_logger, recipients, accountId, Storage.StoreUnavailable.Describe(ex));
        }
    }

    /// <summary>The first minute whose bucket still counts at <paramref name="nowSeconds"/>: it ends less than 24 hours ago.</summary>
    private static long FirstCountedMinute(long nowSeconds) =>
        (nowSeconds - WindowSeconds) / SecondsPerMinute;

    /// <summary>
    /// Takes the stored buckets from <paramref name="fromMinute"/> on as the truth (every node's flushed counts), plus
    /// what this node accepted since it took its unwritten counts (still unwritten, so not in <paramref name="stored"/>).
    /// </summary>
    private void AdoptStored(IReadOnlyList<SendCount> stored, long fromMinute)
    {
        lock (_gate)
        {
            var storedByAccount = stored.ToLookup(count => count.AccountId, StringComparer.Ordinal);
            var unwrittenByAccount = _unwritten.ToLookup(pair => pair.Key.AccountId, StringComparer.Ordinal);
            foreach (var accountId in storedByAccount.Select(group => group.Key).Concat(_usage.Keys).Distinct(StringComparer.Ordinal).ToList())
            {
                var minutes = storedByAccount[accountId].Select(count => (count.Minute, count.Recipients))
                    .Concat(unwrittenByAccount[accountId].Select(pair => (pair.Key.Minute, pair.Value)));
                UsageOf(accountId).Replace(fromMinute, minutes);
            }
        }
    }

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
            usage = new Usage();
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

    [LoggerMessage(EventId = 9500, Level = LogLevel.Warning,
        Message = "{Recipients} recipient(s) of rate could not be given back to account {Account}'s bucket (it refills on its own): {Reason}")]
    private static partial void LogGiveBackFailed(ILogger logger, int recipients, string account, string reason);

    /// <summary>One account's counts; guarded by the quota's lock.</summary>
    private sealed class Usage
    {
        // Minutes only ever grow at the end, and are replaced from the end and expired from the front.
        private readonly SortedList<long, long> _minutes = [];
        private long _latestMinute = long.MinValue;

        /// <summary>Recipients of accepted messages in the buckets that still count.</summary>
        public long Counted { get; private set; }

        /// <summary>Recipients of messages on their way, not yet accepted or given back.</summary>
        public long Reserved { get; set; }

        public void Add(long minute, long recipients)
        {
            // A clock stepped back: the newest bucket takes it.
            minute = Math.Max(minute, _latestMinute);
            _latestMinute = minute;
            _minutes[minute] = _minutes.GetValueOrDefault(minute) + recipients;
            Counted += recipients;
        }

        /// <summary>Forgets the buckets from <paramref name="fromMinute"/> on and takes <paramref name="minutes"/> (from then on) instead.</summary>
        public void Replace(long fromMinute, IEnumerable<(long Minute, long Recipients)> minutes)
        {
            while (_minutes.Count > 0 && _minutes.Keys[^1] >= fromMinute)
            {
                Counted -= _minutes.Values[^1];
                _minutes.RemoveAt(_minutes.Count - 1);
            }

            foreach (var (minute, recipients) in minutes.Where(pair => pair.Minute >= fromMinute))
            {
                _minutes[minute] = _minutes.GetValueOrDefault(minute) + recipients;
                Counted += recipients;
                _latestMinute = Math.Max(_latestMinute, minute);
            }
        }

        public void Expire(long nowSeconds)
        {
            var first = FirstCountedMinute(nowSeconds);
            while (_minutes.Count > 0 && _minutes.Keys[0] < first)
            {
                Counted -= _minutes.Values[0];
                _minutes.RemoveAt(0);
            }
        }
    }
}
