using System.Collections.Concurrent;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>At most one call per interval per account and operation, on the injected clock.</summary>
internal sealed class AccountRateLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<(string Account, string Operation), DateTimeOffset> _lastCalls = new();

    public bool TryAcquire(string accountId, string operation)
    {
        var now = time.GetUtcNow();
        var key = (accountId, operation);
        while (true)
        {
            if (!_lastCalls.TryGetValue(key, out var last))
            {
                if (_lastCalls.TryAdd(key, now))
                {
                    return true;
                }

                continue;
            }

            if (now - last < interval)
            {
                return false;
            }

            if (_lastCalls.TryUpdate(key, now, last))
            {
                return true;
            }
        }
    }
}
