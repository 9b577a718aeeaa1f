using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

/// <summary>The real directory fsync, recording which directories were flushed and in what order.</summary>
internal sealed class CountingDirectorySync : IDirectorySync
{
    private readonly PosixDirectorySync _inner = new();
    private readonly object _gate = new();
    private readonly List<string> _flushed = [];

    public IReadOnlyList<string> Flushed
    {
        get
        {
            lock (_gate)
            {
                return [.. _flushed];
            }
        }
    }

    public void Flush(string directory)
    {
        _inner.Flush(directory);
        lock (_gate)
        {
            _flushed.Add(directory);
        }
    }
}
