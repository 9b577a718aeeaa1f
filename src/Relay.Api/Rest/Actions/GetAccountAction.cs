using System.Text.Json.Nodes;

namespace Relay.Api.Rest.Actions;

/// <summary>GetAccount: sending is enabled and, as Relay enforces no quota, the quota is SES's "unlimited" (-1).</summary>
internal sealed class GetAccountAction : IRestAction
{
    public string Name => "GetAccount";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/account"];

    public Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken) => Task.FromResult(new JsonObject
    {
        ["DedicatedIpAutoWarmupEnabled"] = false,
        ["EnforcementStatus"] = "HEALTHY",
        ["ProductionAccessEnabled"] = true,
        ["SendQuota"] = new JsonObject { ["Max24HourSend"] = -1.0, ["MaxSendRate"] = -1.0, ["SentLast24Hours"] = 0.0 },
        ["SendingEnabled"] = true,
    });
}
