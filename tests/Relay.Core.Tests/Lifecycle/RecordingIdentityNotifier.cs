using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Keeps every event and confirmation link it is given.</summary>
internal sealed class RecordingIdentityNotifier : IIdentityNotifier
{
    public List<IdentityEvent> Events { get; } = [];

    public List<(Identity Identity, Uri Link)> Confirmations { get; } = [];

    public Task PublishAsync(IdentityEvent identityEvent, CancellationToken cancellationToken)
    {
        Events.Add(identityEvent);
        return Task.CompletedTask;
    }

    public Task SendConfirmationAsync(Identity identity, Uri link, CancellationToken cancellationToken)
    {
        Confirmations.Add((identity, link));
        return Task.CompletedTask;
    }
}
