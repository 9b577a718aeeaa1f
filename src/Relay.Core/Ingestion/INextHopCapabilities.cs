namespace Relay.Core.Ingestion;

/// <summary>What the next hop can take, asked before signing so that any conversion happens before the signature.</summary>
public interface INextHopCapabilities
{
    /// <summary>True when the next hop offers 8BITMIME (RFC 6152), or when that cannot be known right now.</summary>
    ValueTask<bool> AcceptsEightBitMimeAsync(CancellationToken cancellationToken);
}
