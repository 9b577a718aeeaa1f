namespace Relay.Api.Http;

/// <summary>How reading a request body ended: the bytes and their SHA-256, or why they were not (all) read.</summary>
internal sealed record BodyRead(BodyReadOutcome Outcome, byte[] Bytes, string Sha256)
{
    public static BodyRead Read(byte[] bytes, string sha256) => new(BodyReadOutcome.Read, bytes, sha256);

    public static BodyRead Failed(BodyReadOutcome outcome) => new(outcome, [], string.Empty);
}
