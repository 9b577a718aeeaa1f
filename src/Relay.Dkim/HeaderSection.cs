namespace Relay.Dkim;

/// <summary>
/// The header lines of a message exactly as received, without the empty line that ends them,
/// and where the body starts in the source stream.
/// </summary>
/// <param name="Fields">The header lines, each with its CRLF (the last may lack it when there is no body).</param>
/// <param name="BodyOffset">Stream position of the first body byte; the stream's end when there is no body.</param>
internal sealed record HeaderSection(byte[] Fields, long BodyOffset);
