using System.Security.Cryptography;
using System.Text;
using Relay.Configuration;

namespace Relay.WebConsole;

/// <summary>
/// Server-side sessions of the console, in memory: the cookie carries only a random id, and a session unused for
/// <see cref="ConsoleSettings.SessionIdleTimeout"/> is gone. Ids are kept as their SHA-256 so that what is in memory
/// cannot be replayed as a cookie. A restart signs everyone out.
/// </summary>
internal sealed class ConsoleSessionStore(ConsoleSettings settings, TimeProvider time)
{
    /// <summary>Sessions held at once; past it the least recently used goes, so memory stays bounded whoever signs in.</summary>
    public const int MaxSessions = 1000;

    private readonly Dictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A new session for <paramref name="userName"/> (a tenant of <paramref name="tenantAccountId"/>, or an operator); returns the id to put in the cookie (never stored as such).</summary>
    public (string Id, ConsoleSession Session) Create(string userName, string? tenantAccountId = null)
    {
        var id = RandomTokens.New();
        var session = new ConsoleSession(userName, RandomTokens.New(), tenantAccountId);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_sessions.Count >= MaxSessions)
            {
                Prune(now);
            }

            _sessions[Key(id)] = new Entry(session, now);
        }

        return (id, session);
    }

    /// <summary>The live session with this id, its idle time restarted; null for no id, an unknown one or an expired one.</summary>
    public ConsoleSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 100)
        {
            return null;
        }

        var key = Key(id);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (now - entry.LastUsed >= settings.SessionIdleTimeout)
            {
                _sessions.Remove(key);
                return null;
            }

            entry.LastUsed = now;
            return entry.Session;
        }
    }

    /// <summary>Ends the session (sign-out); nothing happens for an unknown id.</summary>
    public void Remove(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        lock (_gate)
        {
            _sessions.Remove(Key(id));
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _sessions.Where(pair => now - pair.Value.LastUsed >= settings.SessionIdleTimeout).Select(pair => pair.Key).ToList())
        {
            _sessions.Remove(key);
        }

        if (_sessions.Count >= MaxSessions)
        {
            _sessions.Remove(_sessions.MinBy(pair => pair.Value.LastUsed).Key);
        }
    }

    private static string Key(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private sealed class Entry(ConsoleSession session, DateTimeOffset lastUsed)
    {
        public ConsoleSession Session { get; } = session;

        public DateTimeOffset LastUsed { get; set; } = lastUsed;
    }
}
