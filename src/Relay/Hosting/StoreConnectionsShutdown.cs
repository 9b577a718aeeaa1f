using Microsoft.Extensions.Hosting;

namespace Relay.Hosting;

/// <summary>Closes the store's connections (PostgreSQL's pool) when the relay stops, so a stopping node leaves none open on the database.</summary>
internal sealed class StoreConnectionsShutdown(IAsyncDisposable? connections) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (connections is not null)
        {
            await connections.DisposeAsync();
        }
    }
}
