using Relay.Api.Errors;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// Reads SES's DkimSigningAttributes: a selector and private key mean BYODKIM (EXTERNAL), otherwise Easy DKIM
/// (AWS_SES) with the optional NextSigningKeyLength.
/// </summary>
internal static class SigningRequests
{
    /// <param name="attributes">The SigningAttributes / DkimSigningAttributes object, if given.</param>
    /// <param name="origin">The SigningAttributesOrigin given beside the attributes; null to infer it from them.</param>
    public static DkimSigningRequest Read(JsonBody? attributes, string? origin)
    {
        var selector = attributes?.OptionalString("DomainSigningSelector");
        var privateKey = attributes?.OptionalString("DomainSigningPrivateKey");
        DkimKeyLength? length = null;
        if (attributes?.OptionalString("NextSigningKeyLength") is { } text)
        {
            length = text is "RSA_1024_BIT" or "RSA_2048_BIT" && SesNames.TryParseKeyLength(text, out var parsed)
                ? parsed
                : throw new ApiException(SesErrors.BadRequest($"NextSigningKeyLength must be RSA_1024_BIT or RSA_2048_BIT, not '{text}'."));
        }

        var external = origin switch
        {
            null => selector is not null || privateKey is not null,
            "EXTERNAL" => true,
            "AWS_SES" => false,
            _ => throw new ApiException(SesErrors.BadRequest($"SigningAttributesOrigin must be AWS_SES or EXTERNAL, not '{origin}'.")),
        };
        if (external)
        {
            return selector is null || privateKey is null
                ? throw new ApiException(SesErrors.BadRequest("EXTERNAL signing needs DomainSigningSelector and DomainSigningPrivateKey."))
                : new DkimSigningRequest(DkimSigningOrigin.External, length, selector, privateKey);
        }

        return selector is not null || privateKey is not null
            ? throw new ApiException(SesErrors.BadRequest("AWS_SES signing takes no DomainSigningSelector or DomainSigningPrivateKey."))
            : new DkimSigningRequest(DkimSigningOrigin.AwsSes, length);
    }
}
