namespace Relay.Configuration;

/// <summary>Where accounts, identities, keys and counters are kept (<c>Relay:Store:Provider</c>).</summary>
public enum StoreProvider
{
    /// <summary>One SQLite file in the data folder: one node (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database that several nodes share.</summary>
    Postgres,
}
