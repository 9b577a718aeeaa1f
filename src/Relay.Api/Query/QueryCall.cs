namespace Relay.Api.Query;

/// <summary>One authenticated v1 call: who makes it and with what parameters.</summary>
internal sealed record QueryCall(string AccountId, QueryParameters Parameters, string RequestId);
