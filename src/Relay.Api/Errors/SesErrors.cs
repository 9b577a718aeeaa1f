using Relay.Core.Quotas;

namespace Relay.Api.Errors;

/// <summary>The SES error codes Relay sends, with SES's HTTP statuses (AWS "Common Errors" and the SES models).</summary>
public static class SesErrors
{
    // Authentication, common to v1 and v2.
    public static ApiError MissingAuthenticationToken() => new("MissingAuthenticationToken", "Request is missing Authentication Token", 403);

    public static ApiError IncompleteSignature(string message) => new("IncompleteSignature", message, 400);

    public static ApiError InvalidClientTokenId() => new("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    public static ApiError SignatureDoesNotMatch(string message) => new("SignatureDoesNotMatch", message, 403);

    public static ApiError RequestExpired(string message) => new("RequestExpired", message, 400);

    // v1 (Query).
    public static ApiError InvalidParameterValue(string message) => new("InvalidParameterValue", message, 400);

    public static ApiError MissingParameter(string name) => new("MissingParameter", $"The request must contain the parameter {name}.", 400);

    public static ApiError MissingAction() => new("MissingAction", "The request must contain the parameter Action.", 400);

    public static ApiError InvalidAction(string action) => new("InvalidAction", $"The action or operation requested is invalid: {action}.", 400);

    public static ApiError NoSuchVersion(string version) => new("NoSuchVersion", $"The requested version ({version}) of service ses does not exist.", 400);

    public static ApiError Throttling(string message) => new("Throttling", message, 400);

    /// <summary>A send over the account's rate or daily quota: SES v1 answers Throttling with one of two messages.</summary>
    public static ApiError SendingQuotaExceeded(SendingLimit limit) => Throttling(SendingLimitMessages.For(limit));

    public static ApiError AlreadyExists(string message) => new("AlreadyExists", message, 400);

    // Sending, v1 and v2.
    public static ApiError MessageRejected(string message) => new("MessageRejected", message, 400);

    public static ApiError ServiceUnavailable(string message) => new("ServiceUnavailable", message, 503, IsServerFault: true);

    public static ApiError InternalFailure(string message = "The request processing has failed because of an unknown error.") =>
        new("InternalFailure", message, 500, IsServerFault: true);

    // v2 (REST-JSON).
    public static ApiError NotFound(string message) => new("NotFoundException", message, 404);

    public static ApiError BadRequest(string message) => new("BadRequestException", message, 400);

    public static ApiError AlreadyExistsV2(string message) => new("AlreadyExistsException", message, 400);

    public static ApiError TooManyRequests(string message) => new("TooManyRequestsException", message, 429);

    public static ApiError LimitExceeded(string message) => new("LimitExceededException", message, 400);

    public static ApiError UnknownOperation() => new("UnknownOperationException", "The requested operation is not supported.", 404);

    public static ApiError InternalServiceError() =>
        new("InternalServiceErrorException", "The request processing has failed because of an unknown error.", 500, IsServerFault: true);
}
