using Relay.Core.Accounts;

namespace Relay.Api.Authentication;

/// <summary>
/// What the headers of a request proved before its body was read: a well-formed signature header for this service
/// and region, a signing time within the skew, host and time signed, and an active access key. Only the payload
/// hash and the signature itself are left to check.
/// </summary>
internal sealed record SignedHead(AccessKey Key, AuthorizationHeader Header, RequestTimestamp Timestamp);
