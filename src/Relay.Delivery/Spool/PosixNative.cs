using System.Runtime.InteropServices;

namespace Relay.Delivery.Spool;

/// <summary>The libc calls needed to fsync a directory, which .NET has no managed API for.</summary>
/// <remarks>
/// DllImport rather than LibraryImport: the generated LibraryImport stubs need AllowUnsafeBlocks in
/// Relay.Delivery.csproj. These signatures need no marshalling beyond a UTF-8 path.
/// </remarks>
internal static class PosixNative
{
    public const int InvalidArgument = 22; // EINVAL

    private const int ReadOnly = 0; // O_RDONLY
    private const int CloseOnExec = 0x80000; // O_CLOEXEC (02000000) on every Linux architecture .NET supports

    /// <summary>O_RDONLY | O_DIRECTORY | O_CLOEXEC for the running architecture (O_DIRECTORY differs on ARM and POWER).</summary>
    public static int OpenDirectoryFlags =>
        ReadOnly | CloseOnExec | RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le => 0x4000,
            _ => 0x10000,
        };

#pragma warning disable SYSLIB1054 // see the remarks: LibraryImport needs AllowUnsafeBlocks
    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    public static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static extern int Fsync(int fileDescriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fileDescriptor);
#pragma warning restore SYSLIB1054
}
