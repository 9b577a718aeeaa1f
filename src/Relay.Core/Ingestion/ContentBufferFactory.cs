namespace Relay.Core.Ingestion;

/// <summary>
/// Buffers for signed copies: small messages stay in memory (pooled), large ones go to a temporary file
/// in <paramref name="directory"/> that is deleted when the stream is closed.
/// </summary>
public sealed class ContentBufferFactory(string directory, int inMemoryThreshold)
{
    /// <summary>Room for the signature header fields that go in front of the content.</summary>
    private const int SignatureAllowance = 4096;

    public Stream Create(long contentLength)
    {
        if (contentLength + SignatureAllowance <= inMemoryThreshold)
        {
            return new PooledBufferStream((int)contentLength + SignatureAllowance);
        }

        Storage.OwnerOnly.CreateDirectory(directory);
        var path = Path.Combine(directory, $"signed-{Guid.NewGuid():N}.tmp");
        var options = Storage.OwnerOnly.FileOptions(FileMode.CreateNew, FileAccess.ReadWrite, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        options.BufferSize = 81920;
        return new FileStream(path, options);
    }
}
