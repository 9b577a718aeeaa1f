using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Relay.Delivery.Spool;

/// <summary>
/// An <see cref="IMessageSpool"/> in a folder of the data directory, one pair of files per message.
/// </summary>
/// <remarks>
/// <para>Format (version 2; FORMAT.md next to this file says the same in more words):</para>
/// <list type="bullet">
/// <item><c>msg/&lt;id&gt;.eml</c>: the message content, exactly the bytes given to <see cref="AddAsync"/>.</item>
/// <item><c>env/&lt;id&gt;.json</c>: UTF-8 JSON <c>{"formatVersion":2,"envelope":{…}}</c> holding the
/// <see cref="SpoolEnvelope"/> in camelCase, enums as strings, times as ISO 8601 with offset.</item>
/// <item><c>corrupt/</c>: envelopes recovery could not read, with their content, for an operator to inspect.</item>
/// <item><c>spare/msg/</c>, <c>spare/env/</c>: files of deleted messages kept for reuse by later writes of
/// their kind (see <see cref="SpareFiles"/>).</item>
/// <item><c>*.tmp</c> in <c>msg/</c> or <c>env/</c>: a write in progress, or one a crash interrupted.</item>
/// </list>
/// <para>
/// Every file is written to a temporary file in its final folder, fsynced, renamed into place and then the
/// folder is fsynced. Content is written before the envelope, and the envelope's rename is the commit point:
/// content without an envelope is debris from a crash, and recovery removes it. Deletion removes the envelope
/// first (and fsyncs its folder), then the content.
/// </para>
/// <para>
/// One process per folder. Updates and deletes of the same message must not run concurrently.
/// </para>
/// </remarks>
public sealed class FileMessageSpool : IMessageSpool
{
    private readonly SpoolLayout _layout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IDirectorySync _directorySync;
    private readonly SpareFiles _contentSpares;
    private readonly SpareFiles _envelopeSpares;
    private readonly DurableFile _durableFile;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _createdAt = new(StringComparer.Ordinal);

    /// <summary>Opens the spool in <paramref name="directory"/>, creating its folders if needed.</summary>
    public FileMessageSpool(string directory, TimeProvider timeProvider, ILogger<FileMessageSpool> logger)
        : this(directory, timeProvider, logger, new PosixDirectorySync())
    {
    }

    /// <summary>Opens the spool in <paramref name="directory"/>, keeping at most <paramref name="maxSpareBytes"/> in spare files of each kind.</summary>
    public FileMessageSpool(string directory, TimeProvider timeProvider, ILogger<FileMessageSpool> logger, long maxSpareBytes)
        : this(directory, timeProvider, logger, new PosixDirectorySync(), maxSpareBytes)
    {
    }

    internal FileMessageSpool(
        string directory, TimeProvider timeProvider, ILogger logger, IDirectorySync directorySync, long maxSpareBytes = SpareFiles.DefaultMaxBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(directorySync);
        _layout = new SpoolLayout(directory);
        _timeProvider = timeProvider;
        _logger = logger;
        _directorySync = directorySync;
        _contentSpares = new SpareFiles(_layout.SpareContentDirectory, maxBytes: maxSpareBytes);
        _envelopeSpares = new SpareFiles(_layout.SpareEnvelopeDirectory, maxBytes: maxSpareBytes);
        _durableFile = new DurableFile(directorySync);
        CreateFolders();
    }

    /// <inheritdoc />
    public int Count => _createdAt.Count;

    /// <inheritdoc />
    public TimeSpan OldestAge
    {
        get
        {
            var created = _createdAt.Values;
            if (created.Count == 0)
            {
                return TimeSpan.Zero;
            }

            var age = _timeProvider.GetUtcNow() - created.Min();
            return age > TimeSpan.Zero ? age : TimeSpan.Zero;
        }
    }

    /// <inheritdoc />
    public async Task<SpooledMessage> AddAsync(SpoolEnvelope envelope, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(content);
        if (envelope.Id.Length != 0)
        {
            SpoolId.Validate(envelope.Id, nameof(envelope));
        }

        var now = _timeProvider.GetUtcNow();
        var stored = envelope with { Id = envelope.Id.Length != 0 ? envelope.Id : SpoolId.Create(_timeProvider), CreatedAt = now };
        ThrowIfInvalid(stored);
        var envelopeBytes = SpoolEnvelopeCodec.Encode(stored);
        var contentPath = _layout.ContentPath(stored.Id);
        var envelopePath = _layout.EnvelopePath(stored.Id);
        if (File.Exists(envelopePath) || File.Exists(contentPath))
        {
            throw new ArgumentException($"The spool already holds a message {stored.Id}.", nameof(envelope));
        }

        var start = content.CanSeek ? content.Position : 0;
        long length;
        try
        {
            length = await _durableFile.WriteAsync(contentPath, _contentSpares, content.CopyToAsync, cancellationToken);
        }
        catch (IOException exception) when (StorageFullErrors.IsStorageFull(exception) && content.CanSeek && ReleaseSpares() > 0)
        {
            // The disk filled up while spare files held space: they are gone now, so try once more from the start.
            SpoolLog.SparesReleased(_logger, exception.Message);
            content.Position = start;
            length = await _durableFile.WriteAsync(contentPath, _contentSpares, content.CopyToAsync, cancellationToken);
        }

        try
        {
            await _durableFile.WriteAsync(
                envelopePath, _envelopeSpares, (stream, token) => stream.WriteAsync(envelopeBytes, token).AsTask(), cancellationToken);
        }
        catch
        {
            // Not acknowledged: leave nothing a restart would have to explain.
            File.Delete(envelopePath);
            File.Delete(contentPath);
            throw;
        }

        _createdAt[stored.Id] = now;
        SpoolLog.Added(_logger, stored.Id, length);
        return new SpooledMessage(stored, length);
    }

    /// <summary>Deletes every spare file, for a disk short of space; returns the bytes freed.</summary>
    public long ReleaseSpares() => _contentSpares.Release() + _envelopeSpares.Release();

    /// <inheritdoc />
    public async Task UpdateAsync(SpoolEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        SpoolId.Validate(envelope.Id, nameof(envelope));
        ThrowIfInvalid(envelope);
        var envelopePath = _layout.EnvelopePath(envelope.Id);
        if (!File.Exists(envelopePath))
        {
            throw NotFound(envelope.Id);
        }

        var bytes = SpoolEnvelopeCodec.Encode(envelope);
        await _durableFile.WriteAsync(envelopePath, _envelopeSpares, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Stream> OpenContentAsync(string id, CancellationToken cancellationToken)
    {
        SpoolId.Validate(id, nameof(id));
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(_layout.EnvelopePath(id)))
        {
            throw NotFound(id);
        }

        try
        {
            Stream stream = new FileStream(
                _layout.ContentPath(id), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (FileNotFoundException)
        {
            throw NotFound(id);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        SpoolId.Validate(id, nameof(id));
        cancellationToken.ThrowIfCancellationRequested();
        _envelopeSpares.Retire(_layout.EnvelopePath(id));
        _directorySync.Flush(_layout.EnvelopeDirectory);

        // Without its envelope the content is an orphan; if this delete is lost, recovery removes it.
        _contentSpares.Retire(_layout.ContentPath(id));
        _createdAt.TryRemove(id, out _);
        SpoolLog.Deleted(_logger, id);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SpoolEnvelope> RecoverAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Only the server that holds the data folder's lock recovers: a CLI command that builds the same services
        // never takes in (or trims) the spare files the live server is moving.
        _contentSpares.Load();
        _envelopeSpares.Load();
        var recovery = new SpoolRecovery(_layout, _logger);
        await foreach (var envelope in recovery.RunAsync(cancellationToken))
        {
            _createdAt[envelope.Id] = envelope.CreatedAt;
            yield return envelope;
        }
    }

    private static void ThrowIfInvalid(SpoolEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope.ReversePath, nameof(envelope));
        if (SpoolEnvelopeCodec.Validate(envelope, envelope.Id) is { } problem)
        {
            throw new ArgumentException($"The envelope cannot be spooled: {problem}.", nameof(envelope));
        }
    }

    private static KeyNotFoundException NotFound(string id) => new($"No message {id} is in the spool.");

    private void CreateFolders()
    {
        var created = false;
        string[] folders =
        [
            _layout.Root, _layout.ContentDirectory, _layout.EnvelopeDirectory, _layout.CorruptDirectory,
            _layout.SpareDirectory, _layout.SpareContentDirectory, _layout.SpareEnvelopeDirectory,
        ];
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    // Queued mail is private: owner only, whatever the umask.
                    Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                created = true;
            }
        }

        if (created)
        {
            _directorySync.Flush(_layout.Root);
        }
    }
}
