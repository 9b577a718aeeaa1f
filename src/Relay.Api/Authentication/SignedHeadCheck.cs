using Relay.Api.Errors;

namespace Relay.Api.Authentication;

/// <summary>Either the headers of a request are fit to have its body read, or why the request is refused.</summary>
internal sealed record SignedHeadCheck(SignedHead? Head, ApiError? Error)
{
    public static SignedHeadCheck Passed(SignedHead head) => new(head, null);

    public static SignedHeadCheck Refused(ApiError error) => new(null, error);
}
