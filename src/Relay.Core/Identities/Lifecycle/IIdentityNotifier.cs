namespace Relay.Core.Identities.Lifecycle;

/// <summary>Tells people about identities: status changes (log, contact e-mail, webhook) and confirmation links.</summary>
public interface IIdentityNotifier
{
    Task PublishAsync(IdentityEvent identityEvent, CancellationToken cancellationToken);

    /// <summary>Mails <paramref name="identity"/> (an address) the link that confirms it.</summary>
    Task SendConfirmationAsync(Identity identity, Uri link, CancellationToken cancellationToken);
}
