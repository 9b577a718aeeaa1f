namespace Relay.Delivery.Spool;

/// <summary>The JSON document of an envelope file: the envelope under a format version.</summary>
internal sealed record SpoolEnvelopeFile
{
    /// <summary>Version 2 added <see cref="SpoolEnvelope.History"/>.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Version 1 files are read as they are (no history) and written as version 2 on their next update.</summary>
    public const int OldestReadableFormatVersion = 1;

    public required int FormatVersion { get; init; }

    public required SpoolEnvelope Envelope { get; init; }
}
