using DnsClient;
using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>
/// When a record is missing, looks for it at the names where it often lands by mistake. A probe the resolver
/// fails on is skipped: the record stays "missing", which the main lookup already established.
/// </summary>
internal sealed class MisplacementProbe(DnsLookup lookup, ILogger logger)
{
    /// <summary>The first misplaced name holding a record of <paramref name="type"/>, with what it holds; null if none.</summary>
    public async Task<(MisplacedName Place, string Value)?> FindAsync(
        IReadOnlyList<MisplacedName> candidates, QueryType type, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            var answer = await lookup.QueryAsync(candidate.Name, type, cancellationToken).ConfigureAwait(false);
            if (answer.Status == LookupStatus.Failed)
            {
                logger.ProbeFailed(candidate.Name, answer.Error);
                continue;
            }

            var value = type == QueryType.CNAME
                ? answer.CnameTargetOf(candidate.Name)
                : answer.TxtValues.Count > 0 ? string.Join(" | ", answer.TxtValues) : null;
            if (value is not null)
            {
                return (candidate, value);
            }
        }

        return null;
    }
}
