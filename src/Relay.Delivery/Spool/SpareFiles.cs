using System.Collections.Concurrent;

namespace Relay.Delivery.Spool;

/// <summary>
/// Files of delivered messages kept in <c>spare/</c> for the next writes instead of being deleted, so that the
/// spool's steady state allocates and frees no inodes (and, for messages of similar sizes, few data blocks).
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
    /// How many spare files are kept (concurrent deletes may overshoot it by a few); more than the messages in
    /// flight gains nothing.
    /// </summary>
    public const int DefaultCapacity = 512;

    private readonly string _directory;
    private readonly int _capacity;
    private readonly ConcurrentQueue<string> _spares = new();

    public SpareFiles(string directory, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _directory = directory;
        _capacity = capacity;
    }

    public int Count => _spares.Count;

    /// <summary>Takes in the spare files a previous run left, deleting those beyond the capacity.</summary>
    public void Load()
    {
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (_spares.Count < _capacity)
            {
                _spares.Enqueue(path);
            }
            else
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
            try
            {
                File.Move(spare, destination, overwrite: true);
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
        if (_spares.Count >= _capacity)
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

        _spares.Enqueue(spare);
    }
}
