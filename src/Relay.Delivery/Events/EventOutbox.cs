using System.Security.Cryptography;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Events;

/// <summary>
/// Events waiting to be sent, one durable file per event and destination (<c>&lt;folder&gt;/&lt;destination&gt;/&lt;id&gt;.json</c>),
/// written as the spool writes its files (temporary file, fsync, rename, folder fsync), so that an event a
/// destination has not taken yet survives a crash and the destination being down. Ids sort in the order they were made.
/// </summary>
public sealed class EventOutbox
{
    private const string Extension = ".json";
    private readonly string _directory;
    private readonly DurableFile _durableFile = new(new PosixDirectorySync());
    private readonly SpareFiles _noSpares;
    private readonly Lock _idGate = new();
    private long _lastMilliseconds;
    private long _counter;

    public EventOutbox(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        OwnerOnlyFolder(directory);
        _noSpares = new SpareFiles(Path.Combine(directory, ".spare"), maxBytes: 0);
    }

    /// <summary>
    /// A new event id: 32 hex digits that sort in the order they were made, also within one millisecond (the time in
    /// milliseconds, a counter within it, then random digits so that ids of two processes do not collide).
    /// </summary>
    public string NewId(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        long milliseconds;
        long counter;
        lock (_idGate)
        {
            milliseconds = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), _lastMilliseconds);
            _counter = milliseconds == _lastMilliseconds ? _counter + 1 : 0;
            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        return $"{milliseconds:x12}{counter:x8}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
    }

    /// <summary>Keeps <paramref name="body"/> for <paramref name="destination"/> until <see cref="Delete"/>.</summary>
    public async Task AddAsync(string destination, string id, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var folder = FolderOf(destination);
        OwnerOnlyFolder(folder);
        await _durableFile.WriteAsync(Path.Combine(folder, id + Extension), _noSpares,
            (stream, token) => stream.WriteAsync(body, token).AsTask(), cancellationToken);
    }

    /// <summary>The ids waiting for <paramref name="destination"/>, oldest first.</summary>
    public IReadOnlyList<string> Pending(string destination)
    {
        var folder = FolderOf(destination);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*" + Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }

    public Task<byte[]> ReadAsync(string destination, string id, CancellationToken cancellationToken) =>
        File.ReadAllBytesAsync(PathOf(destination, id), cancellationToken);

    /// <summary>The destination took the event (or it is too old to keep).</summary>
    public void Delete(string destination, string id) => File.Delete(PathOf(destination, id));

    /// <summary>The file of one event (its write time is when it was kept).</summary>
    public string PathOf(string destination, string id) => Path.Combine(FolderOf(destination), id + Extension);

    private string FolderOf(string destination)
    {
        if (string.IsNullOrEmpty(destination) || destination.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"'{destination}' is not a destination name (letters, digits, '-' and '_').", nameof(destination));
        }

        return Path.Combine(_directory, destination);
    }

    private static void OwnerOnlyFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
