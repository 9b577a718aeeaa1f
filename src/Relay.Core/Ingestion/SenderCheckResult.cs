using Relay.Core.Identities;

namespace Relay.Core.Ingestion;

/// <summary>What <see cref="SenderIdentityCheck"/> found for one message: without a refusal, From and its resolution are set.</summary>
/// <param name="From">The From address; null when the From field itself is refused.</param>
/// <param name="FromResolution">The From's identity resolution, which decides the signatures; null when refused before it.</param>
/// <param name="Refusal">Null when every sender identity passed; else the reply and the reason for the log.</param>
internal sealed record SenderCheckResult(string? From, IdentityResolution? FromResolution, SenderRefusal? Refusal);
