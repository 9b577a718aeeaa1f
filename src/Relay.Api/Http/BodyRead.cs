namespace Relay.Api.Http;

/// <summary>
/// How reading a request body ended: the bytes (or, when spilled, a temporary file at position 0 that the reader of
/// the request disposes) and their SHA-256, or why they were not (all) read.
/// </summary>
internal sealed record BodyRead(BodyReadOutcome Outcome, byte[] Bytes, Stream? SpilledTo, string Sha256)
{
    public static BodyRead Read(byte[] bytes, string sha256) => new(BodyReadOutcome.Read, bytes, null, sha256);

    public static BodyRead Spilled(Stream file, string sha256) => new(BodyReadOutcome.Read, [], file, sha256);

    public static BodyRead Failed(BodyReadOutcome outcome) => new(outcome, [], null, string.Empty);
}
