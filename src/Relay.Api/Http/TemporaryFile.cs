namespace Relay.Api.Http;

/// <summary>
/// A temporary file for a request body or a message taken from one: owner-only whatever the umask (mail content is
/// private), deleted when the stream is closed, and named so the host's start-up sweep of its tmp folder removes
/// any a crash left behind.
/// </summary>
internal static class TemporaryFile
{
    private const int BufferSize = 64 * 1024;

    public static FileStream Create(string directory, string purpose)
    {
        Directory.CreateDirectory(directory);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose | FileOptions.SequentialScan,
            BufferSize = BufferSize,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Path.Combine(directory, $"relay-api-{purpose}-{Guid.NewGuid():N}.tmp"), options);
    }
}
