using System.Collections.Concurrent;

namespace Relay.Delivery.Spool;

/// <summary>
/// Files of delivered messages kept in <c>spare/</c> for the next writes instead of being deleted, so that the
/// spool's steady state allocates and frees no inodes (and, for messages of similar sizes, few data blocks).
/// Bounded in number and in bytes, and given back all at once when the disk runs short (<see cref="Release"/>).
/// </summary>
/// <remarks>
/// Creating a file is the spool's dearest system call: ext4 scans its inode bitmap past every inode freed in the
/// last half minute, and without a journal it reads each one's inode table block to check when (perf put 13 % of
/// Relay's CPU in <c>openat</c> at 190 messages a second). A rename within one file system allocates nothing.
/// A spare file still holds the bytes of the message it last held until it is written over; it keeps the
/// spool's owner-only permissions, and only the spool's own process reads it.
/// </remarks>
internal sealed class SpareFiles
{
    /// <summary>
    /// How many spare files are kept (concurrent deletes may overshoot it by a few). A burst that outruns delivery
    /// queues thousands of messages and then frees them all: with 512 the next burst created half its files anew,
    /// and ext4's inode allocation took a fifth of Relay's CPU (benchmark profile, 4 KB). The byte limit still
    /// bounds what large messages keep.
    /// </summary>
    public const int DefaultCapacity = 8192;

    /// <summary>How many bytes the spare files may hold together (concurrent deletes may overshoot it by a file or two).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    private readonly string _directory;
    private readonly int _capacity;
    private readonly long _maxBytes;
    private readonly ConcurrentQueue<(string Path, long Length)> _spares = new();
    private long _bytes;

    public SpareFiles(string directory, int capacity = DefaultCapacity, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _directory = directory;
        _capacity = capacity;
        _maxBytes = maxBytes;
    }

    public int Count => _spares.Count;

    /// <summary>The bytes the spare files hold.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Takes in the spare files a previous run left, deleting those beyond the limits.</summary>
    public void Load()
    {
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (!TryKeep(path, new FileInfo(path).Length))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Moves a spare file to <paramref name="destination"/>, which must not exist; false if none is left.</summary>
    public bool TryTakeInto(string destination)
    {
        while (_spares.TryDequeue(out var spare))
        {
            Interlocked.Add(ref _bytes, -spare.Length);
            try
            {
                File.Move(spare.Path, destination, overwrite: true);
                return true;
            }
            catch (FileNotFoundException)
            {
                // Removed by someone else meanwhile: try the next one.
            }
        }

        return false;
    }

    /// <summary>Keeps the file at <paramref name="path"/> as a spare, or deletes it when there are enough.</summary>
    public void Retire(string path)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return;
        }

        if (!HasRoomFor(length))
        {
            File.Delete(path);
            return;
        }

        var spare = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        try
        {
            File.Move(path, spare, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        Keep(spare, length);
    }

    /// <summary>Deletes every spare file (the disk is short of space); returns the bytes they held.</summary>
    public long Release()
    {
        long released = 0;
        while (_spares.TryDequeue(out var spare))
        {
            Interlocked.Add(ref _bytes, -spare.Length);
            File.Delete(spare.Path);
            released += spare.Length;
        }

        return released;
    }

    private bool HasRoomFor(long length) => _spares.Count < _capacity && Bytes + length <= _maxBytes;

    private bool TryKeep(string path, long length)
    {
        if (!HasRoomFor(length))
        {
            return false;
        }

        Keep(path, length);
        return true;
    }

    private void Keep(string path, long length)
    {
        Interlocked.Add(ref _bytes, length);
        _spares.Enqueue((path, length));
    }
}
