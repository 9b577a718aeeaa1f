namespace Relay.Testing;

/// <summary>
/// One <see cref="PostgresCluster"/> for a whole test run, started by the first test that asks for it (so a run with
/// no PostgreSQL test starts none) and stopped by the test assembly's SetUpFixture at the end of the run.
/// </summary>
public sealed class SharedPostgresCluster : IAsyncDisposable
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private PostgresCluster? _cluster;

    /// <summary>The running cluster; skips the test when PostgreSQL is not installed, fails it under CI=true.</summary>
    public async Task<PostgresCluster> GetAsync()
    {
        PostgresCluster.Require();
        await _starting.WaitAsync();
        try
        {
            return _cluster ??= await PostgresCluster.StartAsync();
        }
        finally
        {
            _starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync();
        }

        _starting.Dispose();
    }
}
