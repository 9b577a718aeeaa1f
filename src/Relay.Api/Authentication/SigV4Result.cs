using Relay.Api.Errors;
using Relay.Core.Accounts;

namespace Relay.Api.Authentication;

/// <summary>Either the access key that signed the request, or why the request is refused.</summary>
internal sealed record SigV4Result(AccessKey? Key, ApiError? Error)
{
    public static SigV4Result Verified(AccessKey key) => new(key, null);

    public static SigV4Result Refused(ApiError error) => new(null, error);
}
