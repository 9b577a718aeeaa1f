using Relay.Core.Ingestion;
using Relay.Delivery;

namespace Relay.Forwarding;

/// <summary>Gives ingestion the probe's answer, keeping Relay.Delivery free of Relay.Core.</summary>
internal sealed class NextHopCapabilities(NextHopCapabilityProbe probe) : INextHopCapabilities
{
    public async ValueTask<bool> AcceptsEightBitMimeAsync(CancellationToken cancellationToken) =>
        await probe.SupportsEightBitMimeAsync(cancellationToken);
}
