using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// The PostgreSQL cluster the several-node tests share (<see cref="SharedPostgresCluster"/>; each test makes its own
/// database), started by the first of them and stopped when the last of this namespace's fixtures has run.
/// </summary>
[SetUpFixture]
public sealed class ClusterPostgres
{
    // NUnit shares a resource across fixtures through a SetUpFixture's static; this is the only one.
    private static readonly SharedPostgresCluster Shared = new();

    public static Task<PostgresCluster> GetAsync() => Shared.GetAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await Shared.DisposeAsync();
}
