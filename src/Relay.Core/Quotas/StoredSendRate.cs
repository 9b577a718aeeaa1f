namespace Relay.Core.Quotas;

/// <summary>
/// The rate's buckets in the shared store (PostgreSQL): one short statement per message, atomic under concurrency, so
/// the rate holds across every node on the database.
/// </summary>
public sealed class StoredSendRate(ISendRateStore store, TimeProvider time) : ISendRate
{
    public async ValueTask<bool> TryTakeAsync(string accountId, int recipients, SendingLimits limits, CancellationToken cancellationToken) =>
        await store.TryTakeRateAsync(accountId, recipients, limits, NowSeconds(), cancellationToken);

    public async ValueTask GiveBackAsync(string accountId, int recipients, SendingLimits limits, CancellationToken cancellationToken) =>
        await store.GiveBackRateAsync(accountId, recipients, cancellationToken);

    public async ValueTask ForgetFullBucketsAsync(CancellationToken cancellationToken) =>
        await store.DeleteFullRateBucketsAsync(NowSeconds(), cancellationToken);

    private double NowSeconds() => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
