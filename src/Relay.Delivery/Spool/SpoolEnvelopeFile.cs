namespace Relay.Delivery.Spool;

/// <summary>The JSON document of an envelope file: the envelope under a format version.</summary>
internal sealed record SpoolEnvelopeFile
{
    public const int CurrentFormatVersion = 1;

    public required int FormatVersion { get; init; }

    public required SpoolEnvelope Envelope { get; init; }
}
