namespace Relay.Dns.Tests;

/// <summary>A record source whose store is down.</summary>
internal sealed class ThrowingRecordSource : IDkimKeyRecordSource
{
    public ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("identity store unavailable");

    public ValueTask<uint> SerialAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("identity store unavailable");

    public IAsyncEnumerable<(string Label, string TxtValue)> ListAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("identity store unavailable");
}
