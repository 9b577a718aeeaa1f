using Relay.Configuration;
using Relay.Core.Observability;
using Relay.Core.Storage;

namespace Relay.Health;

/// <summary>Ready while the data folder is there and the free-space reserve lets new mail in (below it, mail gets 452).</summary>
internal sealed class DiskReadiness(LoadedSettings settings, StorageReserve reserve) : IReadinessCheck
{
    public string Name => "disk";

    public Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        string? problem = !Directory.Exists(settings.DataDirectory)
            ? $"the data folder {settings.DataDirectory} is gone"
            : !reserve.HasRoom()
                ? $"free space in {settings.DataDirectory} is below Relay:Storage:MinimumFreeDiskBytes; new mail gets 452"
                : null;
        return Task.FromResult(problem);
    }
}
