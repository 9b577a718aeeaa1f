using Relay.Core.Ingestion;

namespace Relay.Queueing;

/// <summary>
/// MX routing: there is no single next hop to ask about 8BITMIME before signing, so 8-bit messages are signed as
/// received; a receiving host without 8BITMIME makes that recipient fail with 554 5.6.3 (converting after signing
/// would break the signatures). Practically every MX offers 8BITMIME.
/// </summary>
internal sealed class EightBitPassThrough : INextHopCapabilities
{
    public ValueTask<bool> AcceptsEightBitMimeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
