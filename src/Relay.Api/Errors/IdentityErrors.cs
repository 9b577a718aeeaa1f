using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Errors;

/// <summary>Maps a refused identity operation onto the error each protocol uses for it.</summary>
internal static class IdentityErrors
{
    public static ApiError ForQuery(IdentityOperationException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return refused.Kind switch
        {
            IdentityErrorKind.Throttled => SesErrors.Throttling(refused.Message),
            IdentityErrorKind.AlreadyExists => SesErrors.AlreadyExists(refused.Message),
            _ => SesErrors.InvalidParameterValue(refused.Message),
        };
    }

    public static ApiError ForRest(IdentityOperationException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        return refused.Kind switch
        {
            IdentityErrorKind.NotFound => SesErrors.NotFound(refused.Message),
            IdentityErrorKind.AlreadyExists => SesErrors.AlreadyExistsV2(refused.Message),
            IdentityErrorKind.Throttled => SesErrors.TooManyRequests(refused.Message),
            _ => SesErrors.BadRequest(refused.Message),
        };
    }
}
