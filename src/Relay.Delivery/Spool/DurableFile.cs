namespace Relay.Delivery.Spool;

/// <summary>
/// Writes a file so that, after a crash at any point, the final path holds either nothing (or its previous
/// version) or the complete new content: temp file in the same directory, fsync, atomic rename, directory fsync.
/// The temp file is a spare one when the caller's pool has one, written over from its start and cut to length.
/// </summary>
internal sealed class DurableFile(IDirectorySync directorySync)
{
    /// <summary>Writes through <paramref name="write"/> and returns the number of bytes written.</summary>
    public async Task<long> WriteAsync(
        string finalPath, SpareFiles spares, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(finalPath)!;
        var temporary = Path.Combine(
            directory, $"{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}{SpoolLayout.TemporaryExtension}");
        long length;
        try
        {
            await using (var stream = new FileStream(temporary, OpenOptions(spares.TryTakeInto(temporary))))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.SetLength(stream.Position);
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

    private static FileStreamOptions OpenOptions(bool spare)
    {
        var options = new FileStreamOptions
        {
            Mode = spare ? FileMode.Open : FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!spare && !OperatingSystem.IsWindows())
        {
            // Mail content is private: owner read/write only, whatever the umask.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
