using System.Text.Json.Nodes;

namespace Relay.Api.Rest;

/// <summary>One SES v2 operation (REST-JSON).</summary>
internal interface IRestAction
{
    /// <summary>The operation name, e.g. <c>GetEmailIdentity</c>.</summary>
    string Name { get; }

    string Method { get; }

    /// <summary>Path templates, e.g. <c>/v2/email/identities/{EmailIdentity}</c>.</summary>
    IReadOnlyList<string> Paths { get; }

    /// <summary>The JSON reply body (status 200).</summary>
    Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken);
}
