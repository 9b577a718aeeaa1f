using System.Xml.Linq;

namespace Relay.Api.Query.Actions;

/// <summary>
/// GetSendQuota. Relay enforces no sending quota: Max24HourSend -1 is SES's "unlimited", MaxSendRate -1 likewise,
/// and SentLast24Hours is not counted (0).
/// </summary>
internal sealed class GetSendQuotaAction : IQueryAction
{
    public string Name => "GetSendQuota";

    public Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<XElement>?>(
        [
            SesXml.Element("Max24HourSend", "-1.0"),
            SesXml.Element("MaxSendRate", "-1.0"),
            SesXml.Element("SentLast24Hours", "0.0"),
        ]);
}
