using Microsoft.Extensions.Logging;
using Relay.Api.Authentication;
using Relay.Api.Errors;
using Relay.Api.Http;
using Relay.Api.Query;
using Relay.Api.Rest;

namespace Relay.Api;

/// <summary>
/// The SES-compatible API: picks the protocol by path (v2 REST-JSON under <c>/v2/email/</c> and <c>/v1/email/</c>,
/// v1 Query otherwise), refuses anything without a valid SigV4 signature before reading a parameter, then runs the
/// action for the key's account. Every reply carries a request id.
/// </summary>
internal sealed partial class SesApiHandler(
    SigV4Verifier verifier, BodyReadLimiter bodies, QueryProtocol query, RestProtocol rest, ILogger<SesApiHandler> logger,
    ApiInstruments? instruments = null)
{
    private const string BusyMessage = "Maximum request rate exceeded: too many requests are being read at once.";

    /// <summary>A request whose body is already in memory.</summary>
    public Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HandleAsync(request, new InMemoryRequestBody(request.Body), cancellationToken);
    }

    /// <summary>
    /// A request of which only the head has been read: the body is read only when the signature's headers pass and
    /// there is room for it. A refusal before the body closes the connection, so its body is never taken in.
    /// </summary>
    public async Task<ApiResponse> HandleAsync(ApiRequest head, IRequestBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(body);
        var requestId = ApiResponses.NewRequestId();
        var isRest = RestPaths.IsRest(head.RawPath);
        try
        {
            var check = await verifier.CheckHeadersAsync(head, cancellationToken);
            if (check.Head is not { } signed)
            {
                return ApiResponses.Closing(Refuse(head, check.Error!, requestId, isRest));
            }

            using var lease = bodies.TryEnter();
            if (lease is null)
            {
                return ApiResponses.Closing(Refuse(head, Busy(isRest), requestId, isRest));
            }

            var read = await body.ReadAsync(lease, mayGoToDisk: !isRest, cancellationToken);
            await using var spilled = read.SpilledTo;
            if (read.Outcome != BodyReadOutcome.Read)
            {
                var error = read.Outcome == BodyReadOutcome.TooLarge
                    ? new ApiError("RequestEntityTooLarge", "The request body is too large.", 413)
                    : Busy(isRest);
                return ApiResponses.Closing(Refuse(head, error, requestId, isRest));
            }

            var request = head with { Body = read.Bytes, SpilledBody = spilled };
            var verdict = SigV4Verifier.VerifyPayload(request, signed, read.Sha256);
            if (verdict.Key is not { } key)
            {
                return Refuse(request, verdict.Error!, requestId, isRest);
            }

            var (response, action) = isRest
                ? await rest.HandleAsync(request, key.AccountId, requestId, cancellationToken)
                : await query.HandleAsync(request, key.AccountId, requestId, cancellationToken);
            var code = response.Headers.GetValueOrDefault(ApiResponses.ErrorTypeHeader) ?? (response.StatusCode == 200 ? "-" : "error");
            LogCall(logger, requestId, action, key.AccountId, key.Id, response.StatusCode, code);
            instruments?.Replied(action, response.StatusCode, code);
            return response;
        }
        catch (Exception ex) when (Core.Storage.StoreUnavailable.Is(ex))
        {
            // Not a fault: the database is down or unreachable for now; the client retries (503 is retryable for SDKs).
            LogStoreUnavailable(logger, requestId, head.Method, head.RawPath, Core.Storage.StoreUnavailable.Describe(ex));
            var error = SesErrors.ServiceUnavailable("The account store cannot be reached; try again later.");
            instruments?.Replied("-", error.StatusCode, error.Code);
            return isRest ? ApiResponses.JsonError(error, requestId) : ApiResponses.XmlError(error, requestId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of Relay's own: the client gets a retryable 500 with the request id to quote, the log the details.
            LogFailed(logger, ex, requestId, head.Method, head.RawPath);
            return isRest
                ? ApiResponses.JsonError(SesErrors.InternalServiceError(), requestId)
                : ApiResponses.XmlError(SesErrors.InternalFailure(), requestId);
        }
    }

    private static ApiError Busy(bool isRest) => isRest ? SesErrors.TooManyRequests(BusyMessage) : SesErrors.Throttling(BusyMessage);

    private ApiResponse Refuse(ApiRequest request, ApiError error, string requestId, bool isRest)
    {
        LogRefused(logger, requestId, request.Method, request.RawPath, error.Code, error.Message);
        instruments?.Replied("-", error.StatusCode, error.Code);
        return isRest ? ApiResponses.JsonError(error, requestId) : ApiResponses.XmlError(error, requestId);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "API {RequestId} {Action} account={Account} key={AccessKeyId} status={Status} error={ErrorCode}")]
    private static partial void LogCall(ILogger logger, string requestId, string action, string account, string accessKeyId, int status, string errorCode);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "API {RequestId} {Method} {Path} refused: {ErrorCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, string requestId, string method, string path, string errorCode, string reason);

    [LoggerMessage(EventId = 9502, Level = LogLevel.Warning, Message = "API {RequestId} {Method} {Path}: 503, the store cannot be reached: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string requestId, string method, string path, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "API {RequestId} {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string requestId, string method, string path);
}
