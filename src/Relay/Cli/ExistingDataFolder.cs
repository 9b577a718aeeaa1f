using Relay.Configuration;

namespace Relay.Cli;

/// <summary>
/// Commands that only read (or act on what a server already holds) never create a data folder: pointed at the wrong
/// folder, they would otherwise make an empty database there and answer "nothing", which reads as if the server's
/// accounts or mail were gone.
/// </summary>
internal static class ExistingDataFolder
{
    private static readonly HashSet<(string Command, string Verb)> NeedsExistingFolder =
    [
        ("account", "list"), ("account", "quota"),
        ("identity", "list"), ("identity", "dns"), ("identity", "records"), ("identity", "status"), ("identity", "check"), ("identity", "history"),
        ("keyzone", "export"),
        ("provider", "dns"),
        ("access-key", "list"),
        ("queue", "list"), ("queue", "show"), ("queue", "retry"), ("queue", "delete"),
    ];

    public static bool IsNeededBy(string command, string verb) => NeedsExistingFolder.Contains((command, verb));

    /// <exception cref="SettingsException">The data folder has no relay.db.</exception>
    public static void Require(LoadedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // With PostgreSQL the data is in the shared database, which every command reaches the same way.
        if (settings.Relay.Store.Provider == StoreProvider.Sqlite && !File.Exists(settings.DatabasePath))
        {
            throw new SettingsException(
                $"Relay:DataDirectory {settings.DataDirectory} holds no relay.db, so no server has used it; give this command the " +
                "server's settings (the same --settings FILE, Relay__* variables or --Relay:DataDirectory=PATH), or start the server once.");
        }
    }
}
