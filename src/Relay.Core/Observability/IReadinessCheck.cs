namespace Relay.Core.Observability;

/// <summary>One thing a node needs to take mail (its store, its spool's disk, its listeners), for <c>GET /ready</c>.</summary>
public interface IReadinessCheck
{
    /// <summary>What the check is of, e.g. <c>store</c>.</summary>
    string Name { get; }

    /// <summary>Null when ready; otherwise what is wrong, in one line.</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}
