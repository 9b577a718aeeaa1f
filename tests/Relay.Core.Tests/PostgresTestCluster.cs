using Relay.Testing;

namespace Relay.Core.Tests;

/// <summary>
/// One PostgreSQL cluster for the whole test run of this assembly, started by the first test that asks for it (so
/// a run of SQLite tests only starts none) and stopped when the run ends. A test that needs it calls
/// <see cref="GetAsync"/>, which skips it when PostgreSQL is not installed and fails it under CI=true.
/// </summary>
// In the assembly's root namespace, so that its tear-down runs after every fixture that may have used the cluster.
[SetUpFixture]
public sealed class PostgresTestCluster
{
    // NUnit's way to share one resource across fixtures is a static set up in a SetUpFixture; this is the only one.
    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static PostgresCluster? _cluster;

    public static async Task<PostgresCluster> GetAsync()
    {
        PostgresCluster.Require();
        await Starting.WaitAsync();
        try
        {
            return _cluster ??= await PostgresCluster.StartAsync();
        }
        finally
        {
            Starting.Release();
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync();
        }
    }
}
