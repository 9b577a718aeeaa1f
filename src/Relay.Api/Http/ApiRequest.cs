namespace Relay.Api.Http;

/// <summary>An HTTP request as it arrived, before any decoding: what SigV4 signs and the protocols read.</summary>
/// <param name="Method">Upper-case method.</param>
/// <param name="RawPath">The path exactly as on the wire (still percent-encoded).</param>
/// <param name="RawQuery">The query string as on the wire, without the '?'.</param>
/// <param name="Headers">Every header by case-insensitive name, each instance in arrival order.</param>
/// <param name="Body">The whole body (empty while only the head has been read).</param>
public sealed record ApiRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Headers,
    byte[] Body)
{
    /// <summary>
    /// The body in a temporary file, at position 0, when it was too large to hold in memory (<see cref="Body"/> is
    /// then empty); only v1 requests have one. Whoever read the body disposes it.
    /// </summary>
    public Stream? SpilledBody { get; init; }

    /// <summary>The first value of the header, or null.</summary>
    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
