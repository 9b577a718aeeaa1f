using Relay.Configuration;
using Relay.Core.Observability;
using Relay.Hosting;

namespace Relay.Health;

/// <summary>Ready once every configured SMTP listener is bound (not yet during start-up, not after shutdown began).</summary>
internal sealed class ListenerReadiness(LoadedSettings settings, SmtpListenerService listeners) : IReadinessCheck
{
    public string Name => "smtp";

    public Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var configured = new[] { settings.SubmissionEndPoint, settings.ImplicitTlsEndPoint }.Count(endPoint => endPoint is not null);
        var bound = listeners.BoundEndPoints.Count;
        return Task.FromResult(bound < configured ? $"{bound} of {configured} SMTP listener(s) bound" : null);
    }
}
