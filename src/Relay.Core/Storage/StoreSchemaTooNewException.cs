namespace Relay.Core.Storage;

/// <summary>
/// The database's schema was made by a newer Relay than this one: a node running older code must not write to it.
/// The message is one line, meant for the operator.
/// </summary>
public sealed class StoreSchemaTooNewException(int databaseVersion, int knownVersion)
    : Exception($"The database schema is at version {databaseVersion}, newer than this Relay knows ({knownVersion}): upgrade this node before starting it.")
{
    /// <summary>The highest migration the database has.</summary>
    public int DatabaseVersion { get; } = databaseVersion;

    /// <summary>The highest migration this code knows.</summary>
    public int KnownVersion { get; } = knownVersion;
}
