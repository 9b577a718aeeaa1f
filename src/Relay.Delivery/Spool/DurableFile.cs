namespace Relay.Delivery.Spool;

/// <summary>
/// Writes a file so that, after a crash at any point, the final path holds either nothing (or its previous
/// version) or the complete new content: temp file in the same directory, fsync, atomic rename, directory fsync.
/// </summary>
internal sealed class DurableFile(IDirectorySync directorySync)
{
    /// <summary>Writes through <paramref name="write"/> and returns the number of bytes written.</summary>
    public async Task<long> WriteAsync(
        string finalPath, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(finalPath)!;
        var temporary = Path.Combine(
            directory, $"{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}{SpoolLayout.TemporaryExtension}");
        long length;
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }

            // rename(2): atomic, and replaces an existing envelope in one step.
            File.Move(temporary, finalPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        // The rename happened: make it durable even if the caller has given up meanwhile.
        directorySync.Flush(directory);
        return length;
    }
}
