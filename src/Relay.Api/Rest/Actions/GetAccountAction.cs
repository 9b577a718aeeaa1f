using System.Text.Json.Nodes;
using Relay.Core.Quotas;

namespace Relay.Api.Rest.Actions;

/// <summary>GetAccount: sending is enabled; SendQuota is the calling account's, as GetSendQuota reports it.</summary>
internal sealed class GetAccountAction(ISendQuotaSource quotas) : IRestAction
{
    public string Name => "GetAccount";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/account"];

    public Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var quota = quotas.Current(call.AccountId);
        return Task.FromResult(new JsonObject
        {
            ["DedicatedIpAutoWarmupEnabled"] = false,
            ["EnforcementStatus"] = "HEALTHY",
            ["ProductionAccessEnabled"] = true,
            ["SendQuota"] = new JsonObject
            {
                ["Max24HourSend"] = quota.Limits.Max24HourSend,
                ["MaxSendRate"] = quota.Limits.MaxSendRate,
                ["SentLast24Hours"] = (double)quota.SentLast24Hours,
            },
            ["SendingEnabled"] = true,
        });
    }
}
