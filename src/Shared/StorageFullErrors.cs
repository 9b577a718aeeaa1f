namespace Relay;

/// <summary>
/// Tells a full file system (or an exhausted quota) from other I/O errors, so that every write path can answer
/// 452 4.3.1 "insufficient system storage" rather than a generic local error.
/// </summary>
/// <remarks>
/// One source file, compiled into each library that writes (linked from src/Shared), because the libraries do not
/// reference one another. .NET on Unix puts the raw errno in <see cref="Exception.HResult"/> of the
/// <see cref="IOException"/> it throws; on Windows the HResult wraps the Win32 error.
/// </remarks>
internal static class StorageFullErrors
{
    private const int NoSpace = 28; // ENOSPC, Linux and macOS
    private const int LinuxQuotaExceeded = 122; // EDQUOT
    private const int MacQuotaExceeded = 69; // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070); // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    /// <summary>True when <paramref name="exception"/>, or one it wraps, is an I/O error for lack of space.</summary>
    public static bool IsStorageFull(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is IOException io && IsStorageFullCode(io.HResult))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsStorageFullCode(int code) =>
        OperatingSystem.IsWindows() ? code is WindowsDiskFull or WindowsHandleDiskFull
        : OperatingSystem.IsMacOS() ? code is NoSpace or MacQuotaExceeded
        : code is NoSpace or LinuxQuotaExceeded;
}
