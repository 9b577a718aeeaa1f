namespace Relay.Core.Ingestion;

/// <summary>The envelope that leaves Relay: exactly the one that came in, and the account that sent it.</summary>
public sealed record OutboundEnvelope(
    string ReversePath, IReadOnlyList<string> Recipients, bool EightBitMime, bool SmtpUtf8, string? AccountId = null);
