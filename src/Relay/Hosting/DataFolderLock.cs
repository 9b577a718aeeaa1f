using System.Globalization;
using Relay.Configuration;
using Relay.Core.Storage;

namespace Relay.Hosting;

/// <summary>
/// One server per data folder: <c>relay run</c> holds an exclusive lock on <c>relay.lock</c> in the data folder for as
/// long as it runs, taken before spool recovery or temporary-file cleanup touch anything. A second server on the same
/// folder would take a live server's writes in flight for a crash's leftovers and delete acknowledged mail.
/// </summary>
/// <remarks>
/// On Linux, .NET takes <c>FileShare.None</c> as <c>flock(LOCK_EX | LOCK_NB)</c>, which the kernel drops when the
/// process dies, so a killed server never leaves a stale lock. The holder's PID is in <c>relay.pid</c> beside it:
/// the lock file itself cannot be read by anyone else while it is held.
/// </remarks>
internal sealed class DataFolderLock : IDisposable
{
    public const string LockFileName = "relay.lock";
    public const string PidFileName = "relay.pid";

    private readonly FileStream _lock;

    private DataFolderLock(FileStream held) => _lock = held;

    /// <summary>Takes the lock, or throws a <see cref="SettingsException"/> naming the folder and the holder.</summary>
    public static DataFolderLock Acquire(string dataDirectory)
    {
        var folder = Path.GetFullPath(dataDirectory);
        FileStream held;
        try
        {
            var options = OwnerOnly.FileOptions(FileMode.OpenOrCreate, FileAccess.ReadWrite);
            options.Share = FileShare.None;
            held = new FileStream(Path.Combine(folder, LockFileName), options);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, LockFileName)))
        {
            throw new SettingsException(
                $"Relay:DataDirectory {folder} is in use by another relay (PID {HolderPid(folder)}); one server per data folder.");
        }

        using (var pid = new StreamWriter(Path.Combine(folder, PidFileName), OwnerOnly.FileOptions(FileMode.Create, FileAccess.Write)))
        {
            pid.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }

        return new DataFolderLock(held);
    }

    public void Dispose() => _lock.Dispose();

    private static string HolderPid(string folder)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(folder, PidFileName)).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? text : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
