using System.Xml.Linq;

namespace Relay.Api.Query;

/// <summary>One SES v1 action (Query protocol).</summary>
internal interface IQueryAction
{
    /// <summary>The <c>Action</c> parameter that selects it, e.g. <c>VerifyDomainDkim</c>.</summary>
    string Name { get; }

    /// <summary>The children of the <c>&lt;NameResult&gt;</c> element, or null when the action has no result element.</summary>
    Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken);
}
