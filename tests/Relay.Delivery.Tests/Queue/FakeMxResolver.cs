using Relay.Delivery.Routing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>Answers MX lookups from a table.</summary>
internal sealed class FakeMxResolver(Dictionary<string, MxResolution> answers) : IMxResolver
{
    public List<string> Asked { get; } = [];

    public Task<MxResolution> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        Asked.Add(domain);
        return Task.FromResult(answers[domain]);
    }
}
