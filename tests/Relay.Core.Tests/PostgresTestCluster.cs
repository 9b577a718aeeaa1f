using Relay.Testing;

namespace Relay.Core.Tests;

/// <summary>
/// The test run's PostgreSQL cluster (<see cref="SharedPostgresCluster"/>), stopped when the run ends. In the
/// assembly's root namespace, so that its tear-down runs after every fixture that may have used the cluster.
/// </summary>
[SetUpFixture]
public sealed class PostgresTestCluster
{
    // NUnit shares a resource across fixtures through a SetUpFixture's static; this is the only one.
    private static readonly SharedPostgresCluster Shared = new();

    public static Task<PostgresCluster> GetAsync() => Shared.GetAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await Shared.DisposeAsync();
}
