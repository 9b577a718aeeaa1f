using Relay.Delivery.Events;

namespace Relay.Events;

/// <summary>A webhook as settings resolved it: the account's id, the kinds it takes, where it is and its signing key.</summary>
internal sealed record EventWebhook(
    string Name, string AccountId, string? ConfigurationSet, IReadOnlySet<DeliveryEventKind> Kinds, Uri Url, byte[] Secret)
{
    public bool Wants(DeliveryEvent deliveryEvent) =>
        deliveryEvent.Envelope.AccountId == AccountId
        && (ConfigurationSet is null || string.Equals(deliveryEvent.Envelope.ConfigurationSetName, ConfigurationSet, StringComparison.Ordinal))
        && Kinds.Contains(deliveryEvent.Kind);
}
