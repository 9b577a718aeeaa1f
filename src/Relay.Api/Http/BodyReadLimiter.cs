namespace Relay.Api.Http;

/// <summary>
/// Bounds what request bodies cost at once, across all connections: how many are being read and handled
/// (<see cref="SesApiOptions.MaxConcurrentBodyReads"/>) and how many of their bytes are held in memory
/// (<see cref="SesApiOptions.MaxBufferedBodyBytes"/>). A request over either bound is refused, not queued, so a
/// flood costs the server nothing while it waits.
/// </summary>
internal sealed class BodyReadLimiter(SesApiOptions options)
{
    private readonly Lock _gate = new();
    private int _reading;
    private long _buffered;

    /// <summary>Bodies being read or handled now.</summary>
    public int Reading
    {
        get
        {
            lock (_gate)
            {
                return _reading;
            }
        }
    }

    /// <summary>Body bytes reserved in memory now.</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _buffered;
            }
        }
    }

    /// <returns>A lease to dispose when the body is no longer needed, or null when too many bodies are in hand.</returns>
    public BodyReadLease? TryEnter()
    {
        lock (_gate)
        {
            if (_reading >= options.MaxConcurrentBodyReads)
            {
                return null;
            }

            _reading++;
            return new BodyReadLease(this);
        }
    }

    internal bool TryReserve(long bytes)
    {
        lock (_gate)
        {
            if (_buffered + bytes > options.MaxBufferedBodyBytes)
            {
                return false;
            }

            _buffered += bytes;
            return true;
        }
    }

    internal void Leave(long reservedBytes)
    {
        lock (_gate)
        {
            _reading--;
            _buffered -= reservedBytes;
        }
    }
}
