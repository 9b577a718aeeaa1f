using System.Text.Json.Nodes;
using Relay.Core.Quotas;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>GetAccount: sending is enabled; SendQuota is the calling account's, as GetSendQuota reports it; the reasons its suppression list adds addresses for.</summary>
internal sealed class GetAccountAction(ISendQuotaSource quotas, SuppressionList suppression) : IRestAction
{
    public string Name => "GetAccount";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/account"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var quota = quotas.Current(call.AccountId);
        var reasons = await suppression.ReasonsAsync(call.AccountId, cancellationToken);
        return new JsonObject
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
            ["SuppressionAttributes"] = new JsonObject
            {
                ["SuppressedReasons"] = new JsonArray(reasons.Select(reason => (JsonNode)SuppressionJson.Reason(reason)).ToArray()),
            },
        };
    }
}
