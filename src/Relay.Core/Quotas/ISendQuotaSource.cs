namespace Relay.Core.Quotas;

/// <summary>An account's limits and use, for the API's GetSendQuota and GetAccount.</summary>
public interface ISendQuotaSource
{
    SendQuota Current(string accountId);
}
