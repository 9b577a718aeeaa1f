using System.Net;

namespace Relay.Smtp.Admission;

/// <summary>
/// Counts failed AUTH attempts per client address and per user name in fixed windows. Once either reaches its
/// limit, AUTH from that address, or for that user, is refused without asking the authenticator until the window
/// has passed. Shared by every session of one server.
/// </summary>
internal sealed class AuthFailureThrottle
{
    // Beyond this many keys per table, addresses and user names not seen before are not tracked (old ones stay),
    // so a flood of invented user names cannot grow memory without bound.
    private const int MaxTrackedKeys = 10_000;

    private readonly SmtpServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, FailureWindow> _byAddress = [];
    private readonly Dictionary<string, FailureWindow> _byUser = new(StringComparer.OrdinalIgnoreCase);

    public AuthFailureThrottle(SmtpServerOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>True when AUTH from this address or for this user must be refused for now.</summary>
    public bool IsThrottled(IPAddress address, string userName)
    {
        var now = _timeProvider.GetUtcNow();
        var key = AddressKeys.For(address);
        lock (_lock)
        {
            return Reached(_byAddress, key, now, _options.MaxAuthFailuresPerAddress)
                || Reached(_byUser, userName, now, _options.MaxAuthFailuresPerUser);
        }
    }

    public void RecordFailure(IPAddress address, string userName)
    {
        var now = _timeProvider.GetUtcNow();
        var key = AddressKeys.For(address);
        lock (_lock)
        {
            Count(_byAddress, key, now);
            Count(_byUser, userName, now);
        }
    }

    /// <summary>A correct password for the user ends that user's count (the address's count stays).</summary>
    public void RecordSuccess(string userName)
    {
        lock (_lock)
        {
            _byUser.Remove(userName);
        }
    }

    private bool Reached<TKey>(Dictionary<TKey, FailureWindow> table, TKey key, DateTimeOffset now, int limit)
        where TKey : notnull =>
        table.TryGetValue(key, out var window) && now - window.Start < _options.AuthFailureWindow && window.Count >= limit;

    private void Count<TKey>(Dictionary<TKey, FailureWindow> table, TKey key, DateTimeOffset now)
        where TKey : notnull
    {
        if (!table.TryGetValue(key, out var window) || now - window.Start >= _options.AuthFailureWindow)
        {
            if (table.Count >= MaxTrackedKeys && !Sweep(table, now))
            {
                return;
            }

            window = new FailureWindow(now, 0);
        }

        table[key] = window with { Count = window.Count + 1 };
    }

    // Forgets windows that have passed; true when there is room again.
    private bool Sweep<TKey>(Dictionary<TKey, FailureWindow> table, DateTimeOffset now)
        where TKey : notnull
    {
        foreach (var (key, window) in table)
        {
            if (now - window.Start >= _options.AuthFailureWindow)
            {
                table.Remove(key);
            }
        }

        return table.Count < MaxTrackedKeys;
    }

    private readonly record struct FailureWindow(DateTimeOffset Start, int Count);
}
