using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>A node's identity store whose conditional saves (compare-and-swap, add-if-absent) pass a <see cref="SaveGate"/> first; everything else goes straight through.</summary>
internal sealed class GatedIdentityStore(IIdentityStore inner, SaveGate gate) : ForwardingIdentityStore(inner)
{
    public override async Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await gate.WaitAsync();
        return await Inner.TrySaveIdentityAsync(identity, cancellationToken);
    }

    public override async Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await gate.WaitAsync();
        return await Inner.TryAddIdentityAsync(identity, cancellationToken);
    }
}
