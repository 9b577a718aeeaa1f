namespace Relay.Api.Http;

/// <summary>One request's share of the <see cref="BodyReadLimiter"/>: its place among the bodies in hand and the memory it reserved.</summary>
internal sealed class BodyReadLease(BodyReadLimiter limiter) : IDisposable
{
    private long _reserved;
    private bool _disposed;

    /// <summary>Reserves more memory for this body; false when the shared budget has no room for it.</summary>
    public bool TryReserve(long bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!limiter.TryReserve(bytes))
        {
            return false;
        }

        _reserved += bytes;
        return true;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            limiter.Leave(_reserved);
        }
    }
}
