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
internal sealed partial class SesApiHandler(SigV4Verifier verifier, QueryProtocol query, RestProtocol rest, ILogger<SesApiHandler> logger)
{

    public async Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestId = ApiResponses.NewRequestId();
        var isRest = RestPaths.IsRest(request.RawPath);
        try
        {
            var verdict = await verifier.VerifyAsync(request, cancellationToken);
            if (verdict.Key is not { } key)
            {
                var error = verdict.Error!;
                LogRefused(logger, requestId, request.Method, request.RawPath, error.Code, error.Message);
                return isRest ? ApiResponses.JsonError(error, requestId) : ApiResponses.XmlError(error, requestId);
            }

            var (response, action) = isRest
                ? await rest.HandleAsync(request, key.AccountId, requestId, cancellationToken)
                : await query.HandleAsync(request, key.AccountId, requestId, cancellationToken);
            var code = response.Headers.GetValueOrDefault(ApiResponses.ErrorTypeHeader) ?? (response.StatusCode == 200 ? "-" : "error");
            LogCall(logger, requestId, action, key.AccountId, key.Id, response.StatusCode, code);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of Relay's own: the client gets a retryable 500 with the request id to quote, the log the details.
            LogFailed(logger, ex, requestId, request.Method, request.RawPath);
            return isRest
                ? ApiResponses.JsonError(SesErrors.InternalServiceError(), requestId)
                : ApiResponses.XmlError(SesErrors.InternalFailure(), requestId);
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "API {RequestId} {Action} account={Account} key={AccessKeyId} status={Status} error={ErrorCode}")]
    private static partial void LogCall(ILogger logger, string requestId, string action, string account, string accessKeyId, int status, string errorCode);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "API {RequestId} {Method} {Path} refused: {ErrorCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, string requestId, string method, string path, string errorCode, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "API {RequestId} {Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string requestId, string method, string path);
}
