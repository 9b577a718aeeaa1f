using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Storage;

namespace Relay.Hosting;

/// <summary>
/// Keeps the data folder the owner's only. Every file and folder Relay makes is created owner-only whatever the
/// umask the service manager gave it (the process umask is set to 077 at start, and the product's own writes ask for
/// 0600/0700 as well); a data folder made group- or world-accessible by someone else (a unit's
/// <c>StateDirectoryMode</c>, an image's <c>mkdir</c>) is set to 0700 at start-up with a warning.
/// </summary>
/// <remarks>
/// Fixing rather than refusing: the folder belongs to Relay's user (it holds Relay's lock), so tightening it takes
/// nothing from anyone entitled to it, and a relay that refused to start over a mode bit would turn a
/// confidentiality problem into an outage.
/// </remarks>
internal static partial class DataFolderAccess
{
    private const uint OwnerOnlyUmask = 0x3F; // 077

    /// <summary>Sets the process umask to 077, so files made by libraries (SQLite's -wal and -shm, .NET's) are owner-only too.</summary>
    public static void RestrictUmask()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(OwnerOnlyUmask);
        }
    }

    /// <summary>Folders an older Relay may have made with the umask's mode (0755).</summary>
    private static readonly string[] KnownFolders = ["keys", "tls", "tmp", "spool"];

    /// <summary>
    /// Creates the data folder owner-only, or sets an existing one that others could enter to 0700, warning once;
    /// its own folders are tightened the same way.
    /// </summary>
    public static void Secure(string dataDirectory, ILogger logger)
    {
        OwnerOnly.CreateDirectory(dataDirectory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Restrict(dataDirectory, logger);
        foreach (var folder in KnownFolders.Select(name => Path.Combine(dataDirectory, name)).Where(Directory.Exists))
        {
            Restrict(folder, logger);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string dataDirectory, ILogger logger)
    {
        var mode = File.GetUnixFileMode(dataDirectory);
        if ((mode & ~OwnerOnly.DirectoryMode) == 0)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(dataDirectory, OwnerOnly.DirectoryMode);
        }
        catch (UnauthorizedAccessException)
        {
            throw new SettingsException(
                $"Relay:DataDirectory {Path.GetFullPath(dataDirectory)} is mode {Octal(mode)} and cannot be made 0700 by this user; " +
                "give it to Relay's user with mode 0700.");
        }

        LogFolderRestricted(logger, Path.GetFullPath(dataDirectory), Octal(mode));
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks; umask(2) takes and returns a plain integer.
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
#pragma warning restore SYSLIB1054

    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning,
        Message = "Data folder {DataDirectory} was mode {Mode}, open to other users; set to 0700 (it holds mail and key material)")]
    private static partial void LogFolderRestricted(ILogger logger, string dataDirectory, string mode);
}
