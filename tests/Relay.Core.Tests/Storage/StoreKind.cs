namespace Relay.Core.Tests.Storage;

/// <summary>The stores every store suite runs against (the TestFixtureSource of each suite).</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>The fixture arguments: one fixture per store.</summary>
public static class StoreKinds
{
    public static readonly object[] All = [StoreKind.Sqlite, StoreKind.Postgres];
}
