namespace Relay.Core.Ingestion;

/// <summary>
/// The outcome of a 7-bit conversion. <paramref name="Content"/> holds the converted message (CRLF, at position 0)
/// when <paramref name="Outcome"/> is <see cref="SevenBitDowngradeOutcome.Converted"/>; the caller disposes it.
/// </summary>
internal sealed record SevenBitDowngradeResult(SevenBitDowngradeOutcome Outcome, Stream? Content, int ConvertedParts, string Problem)
{
    public static SevenBitDowngradeResult Unchanged { get; } = new(SevenBitDowngradeOutcome.AlreadySevenBit, null, 0, string.Empty);

    public static SevenBitDowngradeResult Refused(SevenBitDowngradeOutcome outcome, string problem) => new(outcome, null, 0, problem);
}
