using System.Net;
using Relay.Configuration;

namespace Relay.WebConsole;

/// <summary>
/// Counts failed sign-ins per user name and per client address in a sliding window
/// (<see cref="ConsoleSettings.MaxSignInFailures"/> in <see cref="ConsoleSettings.SignInFailureWindow"/>). Past the
/// limit a sign-in is refused without looking at the password, so guessing costs the guesser time, not Relay CPU.
/// </summary>
internal sealed class SignInThrottle(ConsoleSettings settings, TimeProvider time)
{
    /// <summary>Names and addresses tracked at once; the table is pruned past it so a spray of names cannot grow it without bound.</summary>
    public const int MaxTracked = 10_000;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool IsBlocked(string userName, IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Count(UserKey(userName), now) >= settings.MaxSignInFailures
                || (address is not null && Count(AddressKey(address), now) >= settings.MaxSignInFailures);
        }
    }

    public void RecordFailure(string userName, IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_failures.Count >= MaxTracked)
            {
                Prune(now);
            }

            Add(UserKey(userName), now);
            if (address is not null)
            {
                Add(AddressKey(address), now);
            }
        }
    }

    /// <summary>A right password clears the name's failures; the address keeps its own, so one good account does not reset a guesser's count.</summary>
    public void RecordSuccess(string userName)
    {
        lock (_gate)
        {
            _failures.Remove(UserKey(userName));
        }
    }

    private int Count(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return 0;
        }

        while (times.Count > 0 && now - times.Peek() >= settings.SignInFailureWindow)
        {
            times.Dequeue();
        }

        if (times.Count == 0)
        {
            _failures.Remove(key);
        }

        return times.Count;
    }

    private void Add(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            times = new Queue<DateTimeOffset>();
            _failures[key] = times;
        }

        times.Enqueue(now);
        // Only the last MaxSignInFailures matter for the verdict.
        while (times.Count > settings.MaxSignInFailures)
        {
            times.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _failures.Keys.ToList())
        {
            Count(key, now);
        }

        if (_failures.Count >= MaxTracked)
        {
            _failures.Remove(_failures.MinBy(pair => pair.Value.Last()).Key);
        }
    }

    private static string UserKey(string userName) => "user:" + userName.ToUpperInvariant();

    private static string AddressKey(IPAddress address) => "address:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
