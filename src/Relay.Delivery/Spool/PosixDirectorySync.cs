using System.Runtime.InteropServices;

namespace Relay.Delivery.Spool;

/// <summary>
/// fsync(2) on the directory itself, so that a rename into it survives power loss (on Linux a file's own fsync
/// does not make its directory entry durable). Does nothing on other systems.
/// </summary>
internal sealed class PosixDirectorySync : IDirectorySync
{
    public void Flush(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = PosixNative.Open(directory, PosixNative.OpenDirectoryFlags);
        if (descriptor < 0)
        {
            throw Failure("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            // Some file systems cannot fsync a directory and say EINVAL; there is nothing more to do on those.
            if (PosixNative.Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var error and not PosixNative.InvalidArgument)
            {
                throw Failure("fsync", directory, error);
            }
        }
        finally
        {
            _ = PosixNative.Close(descriptor);
        }
    }

    private static IOException Failure(string call, string directory, int error) =>
        new($"{call}({directory}) failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
}
