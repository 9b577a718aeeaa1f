namespace Relay.Core.Identities;

/// <summary>
/// The last call of each rate-limited operation per account, kept in the shared store so that a limit such as
/// VerifyDomainDkim's one call per second holds across every node, not per node.
/// </summary>
public interface IOperationCallStore
{
    /// <summary>
    /// Records a call of <paramref name="operation"/> by <paramref name="accountId"/> at <paramref name="now"/> and returns
    /// true, unless the last call recorded was less than <paramref name="interval"/> before it: then records nothing and
    /// returns false. One atomic step, so two nodes calling at once cannot both pass.
    /// </summary>
    Task<bool> TryRecordCallAsync(string accountId, string operation, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken);
}
