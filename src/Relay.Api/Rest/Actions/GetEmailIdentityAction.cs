using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>GetEmailIdentity: type, verification, DKIM attributes; fields Relay has no notion of carry SES's defaults.</summary>
internal sealed class GetEmailIdentityAction(IIdentityManagement identities, IdentityViews views) : IRestAction
{
    public string Name => "GetEmailIdentity";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/identities/{EmailIdentity}"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var identity = await identities.FindAsync(call.AccountId, call.RequiredIdentity, cancellationToken)
            ?? throw new ApiException(SesErrors.NotFound($"Email identity {call.RequiredIdentity} does not exist."));
        var dkim = await views.DkimAsync(call.AccountId, identity, cancellationToken);
        var reply = new JsonObject
        {
            ["IdentityType"] = ApiNames.V2IdentityType(identity.Type),
            ["FeedbackForwardingStatus"] = true,
            ["VerifiedForSendingStatus"] = identity.IsVerified,
            ["DkimAttributes"] = DkimAttributesJson.For(identity, dkim),
            ["MailFromAttributes"] = new JsonObject { ["BehaviorOnMxFailure"] = "USE_DEFAULT_VALUE" },
            ["Policies"] = new JsonObject(),
            ["Tags"] = TagsJson.Write(await identities.ListTagsAsync(call.AccountId, identity.Name, cancellationToken)),
            ["VerificationStatus"] = SesNames.Status(IdentityViews.VerificationOf(identity)),
        };
        var check = IdentityViews.VerificationCheckOf(identity);
        if (check.LastChecked is { } lastChecked)
        {
            // rest-json timestamps are epoch seconds. SOARecord is what the negative answer of a missing record carried:
            // Relay asks for no SOA of its own, so a check that found everything has none.
            var info = new JsonObject { ["LastCheckedTimestamp"] = RestTimestamp.Of(lastChecked) };
            if (check.LastSuccess is { } lastSuccess)
            {
                info["LastSuccessTimestamp"] = RestTimestamp.Of(lastSuccess);
            }

            if (VerificationErrors.ErrorTypeOf(check) is { } errorType)
            {
                info["ErrorType"] = errorType;
            }

            if (VerificationErrors.SoaOf(check) is { } soa)
            {
                info["SOARecord"] = new JsonObject
                {
                    ["PrimaryNameServer"] = soa.PrimaryNameServer,
                    ["AdminEmail"] = soa.AdminEmail,
                    ["SerialNumber"] = soa.SerialNumber,
                };
            }

            reply["VerificationInfo"] = info;
        }

        return reply;
    }
}
