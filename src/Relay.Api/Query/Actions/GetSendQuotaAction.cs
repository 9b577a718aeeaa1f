using System.Globalization;
using System.Xml.Linq;
using Relay.Core.Quotas;

namespace Relay.Api.Query.Actions;

/// <summary>
/// GetSendQuota: the calling account's limits (its own, else <c>Relay:Quotas</c>) and the recipients it sent in the
/// rolling 24 hours, over SMTP and the API together. Doubles, as SES writes them (<c>200.0</c>); -1 is an unlimited day.
/// </summary>
internal sealed class GetSendQuotaAction(ISendQuotaSource quotas) : IQueryAction
{
    public string Name => "GetSendQuota";

    public Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var quota = quotas.Current(call.AccountId);
        return Task.FromResult<IReadOnlyList<XElement>?>(
        [
            SesXml.Element("Max24HourSend", Double(quota.Limits.Max24HourSend)),
            SesXml.Element("MaxSendRate", Double(quota.Limits.MaxSendRate)),
            SesXml.Element("SentLast24Hours", Double(quota.SentLast24Hours)),
        ]);
    }

    /// <summary>SES's form: always a fraction part (<c>14.0</c>, <c>0.5</c>).</summary>
    private static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
