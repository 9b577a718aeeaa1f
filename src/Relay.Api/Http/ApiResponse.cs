namespace Relay.Api.Http;

/// <summary>What the API answers; written to the connection by the HTTP adapter.</summary>
public sealed record ApiResponse(int StatusCode, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers);
