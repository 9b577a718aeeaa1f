namespace Relay.Core.Ingestion;

/// <summary>The account of Relay's own messages (delivery status notifications, confirmation mails): no tenant, no list, no quota.</summary>
public static class SystemAccount
{
    public const string Id = "system";
}
