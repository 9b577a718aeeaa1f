namespace Relay.Dns.Tsig;

/// <summary>
/// The gate's verdict on one query: the bytes to parse (without the TSIG record) and the request's TSIG record when the
/// answer must be signed; or the reply to send at once instead.
/// </summary>
internal sealed record SignedQueryAdmission(byte[]? Message, TsigRecord? SignedWith, byte[]? ImmediateReply);
