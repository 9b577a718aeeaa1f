using System.Collections.Concurrent;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// One node's DNS in the cluster tests: every domain's verification TXT is there, and each answered lookup is counted
/// per domain in a tally that every node of the test shares. <see cref="BeforeLookup"/> acts inside a lookup before it
/// answers, and may throw (a node killed in the middle of it): such a lookup is not counted.
/// </summary>
internal sealed class CountingDnsChecker(ConcurrentDictionary<string, int> tally) : IIdentityDnsChecker
{
    private int _started;
    private int _answered;

    /// <summary>Runs with the lookup's number on this node (1 for the first) before it answers.</summary>
    public Func<int, Task>? BeforeLookup { get; set; }

    /// <summary>Lookups this node answered.</summary>
    public int Answered => Volatile.Read(ref _answered);

    public async Task<DnsCheckResult> CheckVerificationTokenAsync(string domain, string token, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _started);
        if (BeforeLookup is { } before)
        {
            await before(number);
        }

        // A real lookup leaves the thread; so does this one, so that the other node's sweep runs in between.
        await Task.Yield();
        tally.AddOrUpdate(domain, 1, (_, count) => count + 1);
        Interlocked.Increment(ref _answered);
        return new DnsCheckResult(DnsCheckOutcome.Verified, []);
    }

    public Task<DnsCheckResult> CheckDkimAsync(
        string domain, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The cluster tests' domains have no DKIM keys.");

    public Task<DnsCheckResult> CheckServedKeyAsync(string domain, SigningKey key, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The cluster tests' domains have no DKIM keys.");
}
