using Relay.Core.Quotas;

namespace Relay.Api.Tests.Support;

/// <summary>Each account's quota as a test sets it; others get Relay's defaults and nothing sent.</summary>
internal sealed class FakeSendQuotaSource : ISendQuotaSource
{
    private readonly Dictionary<string, SendQuota> _quotas = new(StringComparer.Ordinal);

    public void Set(string accountId, SendQuota quota) => _quotas[accountId] = quota;

    public SendQuota Current(string accountId) =>
        _quotas.TryGetValue(accountId, out var quota) ? quota : new SendQuota(new SendingQuotaOptions().Defaults, 0);
}
