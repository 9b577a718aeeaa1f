namespace Relay.Core.Storage;

/// <summary>
/// Files and folders of the data folder are the owner's only (0600, 0700), whatever the umask: the folder holds
/// customers' mail and key material.
/// </summary>
public static class OwnerOnly
{
    /// <summary>rw------- for files.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ for folders.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing parents owner-only; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>Options that create a file owner-only (the mode applies only when the file is created).</summary>
    public static FileStreamOptions FileOptions(System.IO.FileMode mode, FileAccess access, FileOptions options = System.IO.FileOptions.None)
    {
        var result = new FileStreamOptions { Mode = mode, Access = access, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = FileMode;
        }

        return result;
    }

    /// <summary>Sets an existing file to owner-only, when it exists and is not already.</summary>
    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }
}
