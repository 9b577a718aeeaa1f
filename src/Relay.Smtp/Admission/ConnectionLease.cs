using System.Net;

namespace Relay.Smtp.Admission;

/// <summary>One admitted session's place in the <see cref="ConnectionLimiter"/>; disposing gives it back.</summary>
internal sealed class ConnectionLease : IDisposable
{
    private readonly ConnectionLimiter _limiter;
    private readonly CancellationTokenSource _evicted = new();
    private readonly Lock _evictedLock = new();

    public ConnectionLease(ConnectionLimiter limiter, IPAddress address, bool onProbation)
    {
        _limiter = limiter;
        Address = address;
        OnProbation = onProbation;
    }

    /// <summary>The address the per-address limits count under.</summary>
    public IPAddress Address { get; }

    /// <summary>Admitted into a reserved slot: the session must authenticate within the handshake timeout.</summary>
    public bool OnProbation { get; }

    /// <summary>Fires when a newer connection has taken this session's reserved slot.</summary>
    public CancellationToken Evicted => _evicted.Token;

    // Changed only under the limiter's lock.
    internal bool IsAuthenticated { get; set; }

    internal bool IsReleased { get; set; }

    internal LinkedListNode<ConnectionLease>? ProbationEntry { get; set; }

    /// <summary>The session authenticated: its slot no longer counts against the unauthenticated share.</summary>
    public void MarkAuthenticated() => _limiter.Authenticated(this);

    public void Dispose()
    {
        _limiter.Release(this);
        lock (_evictedLock)
        {
            _evicted.Dispose();
        }
    }

    internal void Evict()
    {
        // The session may be ending at the same moment; its lease is already given back either way.
        lock (_evictedLock)
        {
            try
            {
                _evicted.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
