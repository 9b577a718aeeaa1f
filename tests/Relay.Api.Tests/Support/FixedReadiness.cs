using Relay.Core.Observability;

namespace Relay.Api.Tests.Support;

/// <summary>A readiness check with a fixed answer.</summary>
internal sealed class FixedReadiness(string name, string? problem) : IReadinessCheck
{
    public string Name => name;

    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.FromResult(problem);
}
