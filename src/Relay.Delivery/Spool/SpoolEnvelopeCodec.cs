using System.Text.Json;

namespace Relay.Delivery.Spool;

/// <summary>Reads and writes envelope files, rejecting any that do not describe a usable message.</summary>
internal static class SpoolEnvelopeCodec
{
    public static byte[] Encode(SpoolEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new SpoolEnvelopeFile { FormatVersion = SpoolEnvelopeFile.CurrentFormatVersion, Envelope = envelope },
            SpoolJsonContext.Default.SpoolEnvelopeFile);

    /// <summary>The envelope stored under <paramref name="expectedId"/>, or null with the reason it is unusable.</summary>
    public static SpoolEnvelope? TryDecode(byte[] bytes, string expectedId, out string? problem)
    {
        SpoolEnvelopeFile? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, SpoolJsonContext.Default.SpoolEnvelopeFile);
        }
        catch (JsonException exception)
        {
            problem = $"invalid JSON: {exception.Message}";
            return null;
        }

        problem = file switch
        {
            null => "the document is null",
            { FormatVersion: < SpoolEnvelopeFile.OldestReadableFormatVersion or > SpoolEnvelopeFile.CurrentFormatVersion }
                => $"unknown format version {file.FormatVersion}",
            { FormatVersion: 1, Envelope.History: null } => Validate(file.Envelope with { History = [] }, expectedId),
            _ => Validate(file.Envelope, expectedId),
        };
        if (problem is not null)
        {
            return null;
        }

        // Version 1 had no history; what was never written reads as empty. The same for message tags, which
        // files written before they existed lack (the source-generated reader sets a missing member to null).
        var envelope = file!.FormatVersion == 1 && file.Envelope.History is null ? file.Envelope with { History = [] } : file.Envelope;
        return envelope is { MessageTags: null } ? envelope with { MessageTags = [] } : envelope;
    }

    /// <summary>Why <paramref name="envelope"/> cannot be stored under <paramref name="expectedId"/>, or null.</summary>
    public static string? Validate(SpoolEnvelope envelope, string expectedId)
    {
        if (!string.Equals(envelope.Id, expectedId, StringComparison.Ordinal))
        {
            return $"the envelope names id '{envelope.Id}'";
        }

        if (envelope.Recipients is null || envelope.Recipients.Count == 0)
        {
            return "the envelope has no recipients";
        }

        if (envelope.Recipients.Any(recipient => recipient is null))
        {
            return "the envelope has a null recipient";
        }

        // A version 1 file has no history; JSON null in a version 2 file is damage.
        if (envelope.History is null || envelope.History.Any(attempt => attempt is null))
        {
            return "the envelope has a null attempt history";
        }

        if (envelope.MessageTags is { } tags && tags.Any(tag => tag is null))
        {
            return "the envelope has a null message tag";
        }

        return envelope.Attempts < 0 ? "the attempt count is negative" : null;
    }
}
