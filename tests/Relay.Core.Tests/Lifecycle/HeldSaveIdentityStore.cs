using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// A node's identity store that holds its first save of any kind (plain, compare-and-swap, add-if-absent) until
/// <see cref="Release"/>: the node has read the identity and made its change, and the test lets another node change the
/// identity in between. Later saves (a retry) go straight through.
/// </summary>
internal sealed class HeldSaveIdentityStore(IIdentityStore inner) : ForwardingIdentityStore(inner)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _saves;

    /// <summary>Completes when the first save has been asked for, and is being held.</summary>
    public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>How many saves of any kind were asked for.</summary>
    public int Saves => Volatile.Read(ref _saves);

    public void Release() => _released.TrySetResult();

    public override async Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await HoldFirstAsync();
        await Inner.SaveIdentityAsync(identity, cancellationToken);
    }

    public override async Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await HoldFirstAsync();
        return await Inner.TrySaveIdentityAsync(identity, cancellationToken);
    }

    public override async Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await HoldFirstAsync();
        return await Inner.TryAddIdentityAsync(identity, cancellationToken);
    }

    private Task HoldFirstAsync()
    {
        if (Interlocked.Increment(ref _saves) > 1)
        {
            return Task.CompletedTask;
        }

        _reached.TrySetResult();
        return _released.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
