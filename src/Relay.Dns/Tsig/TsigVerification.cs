namespace Relay.Dns.Tsig;

/// <summary>
/// A verified (or refused) message: the outcome, the TSIG record when there was one that parsed, and the message
/// without its TSIG record (ARCOUNT lowered, id as received) for the parser.
/// </summary>
internal sealed record TsigVerification(TsigOutcome Outcome, TsigRecord? Record, byte[] Unsigned)
{
    /// <summary>True when the message carries a TSIG record of any kind, good or bad.</summary>
    public bool IsSigned => Outcome != TsigOutcome.Unsigned;
}
