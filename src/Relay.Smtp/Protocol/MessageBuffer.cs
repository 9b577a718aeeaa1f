namespace Relay.Smtp.Protocol;

/// <summary>
/// Holds one message's content: in memory up to a threshold, then in a temporary file (owner-only, deleted on
/// dispose), so a large message never sits in memory. When the file cannot be written (a full disk, most
/// often), the buffer keeps counting and drops the rest, so the session reads the content to its end and answers
/// it with one reply (<see cref="WriteFailure"/>) instead of losing the connection.
/// </summary>
internal sealed class MessageBuffer : IAsyncDisposable
{
    private const int FileBufferSize = 64 * 1024;
    private const int InitialMemoryCapacity = 16 * 1024;

    private readonly string _directory;
    private readonly int _threshold;
    private PooledBufferStream? _memory = new(InitialMemoryCapacity);
    private FileStream? _file;
    private string? _filePath;

    public MessageBuffer(string directory, int threshold)
    {
        _directory = directory;
        _threshold = threshold;
    }

    /// <summary>Octets written so far.</summary>
    public long Length { get; private set; }

    /// <summary>True once the content has moved to a temporary file.</summary>
    public bool IsFileBacked => _file is not null;

    /// <summary>Octets held in memory; never more than the threshold.</summary>
    public long BytesInMemory => _memory?.Length ?? 0;

    /// <summary>The temporary file, once there is one.</summary>
    public string? FilePath => _filePath;

    /// <summary>Why the content could not be kept, once a write to the temporary file failed; null while it is whole.</summary>
    public IOException? WriteFailure { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        Length += data.Length;
        if (WriteFailure is not null)
        {
            return;
        }

        try
        {
            if (_memory is not null && _memory.Length + data.Length > _threshold)
            {
                await SpillToFileAsync(cancellationToken);
            }

            if (_file is not null)
            {
                await _file.WriteAsync(data, cancellationToken);
            }
            else
            {
                _memory!.Write(data.Span);
            }
        }
        catch (IOException exception)
        {
            WriteFailure = exception;
            DisposeMemory();
            await CloseFileAsync();
        }
    }

    /// <summary>A read-only, seekable view of the content at position 0; dispose it before this buffer.</summary>
    public async ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken)
    {
        if (WriteFailure is { } failure)
        {
            throw new IOException("The message content was not kept: " + failure.Message, failure);
        }

        if (_file is null)
        {
            // A view of the pooled buffer: valid until this buffer is disposed, which its callers do after the view.
            return _memory!.OpenReadOnlyView();
        }

        await _file.FlushAsync(cancellationToken);
        return new FileStream(_filePath!, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = FileBufferSize,
        });
    }

    public async ValueTask DisposeAsync()
    {
        DisposeMemory();
        await CloseFileAsync();
    }

    private async ValueTask CloseFileAsync()
    {
        if (_file is null)
        {
            return;
        }

        var file = _file;
        _file = null;
        try
        {
            // DeleteOnClose removes the file here.
            await file.DisposeAsync();
        }
        catch (IOException)
        {
            // Flushing what was still buffered failed (the disk is full); the handle is closed and the file gone all the same.
        }
    }

    private async ValueTask SpillToFileAsync(CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read | FileShare.Delete,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose | FileOptions.SequentialScan,
            BufferSize = FileBufferSize,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Mail content is private: owner read/write only, whatever the umask.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var path = Path.Combine(_directory, $"relay-smtp-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, options);
        _file = file;
        _filePath = path;
        var memory = _memory!;
        _memory = null;
        await using (memory)
        {
            await file.WriteAsync(memory.Written, cancellationToken);
        }
    }

    private void DisposeMemory()
    {
        _memory?.Dispose();
        _memory = null;
    }
}
