namespace Relay.Api.Errors;

/// <summary>An SES error: the code clients switch on, a message for people, the HTTP status, and whose fault it is.</summary>
/// <param name="Code">E.g. <c>InvalidParameterValue</c>, <c>NotFoundException</c>.</param>
/// <param name="Message">Shown by clients as it is.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="IsServerFault">v1 <c>Type</c>: Receiver when true, Sender otherwise.</param>
public sealed record ApiError(string Code, string Message, int StatusCode, bool IsServerFault = false);
