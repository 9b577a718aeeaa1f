namespace Relay.Hosting;

/// <summary>What a host is built for: only a server owns the data folder; a command works beside a live server.</summary>
internal enum HostUse
{
    /// <summary><c>relay run</c>: takes the data folder's lock, clears leftover buffers, recovers the spool when started.</summary>
    Server,

    /// <summary>A CLI verb: uses the services, never starts them, and never deletes, moves or recovers anything.</summary>
    Command,
}
