using DnsClient;
using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>Checks the domain verification TXT at <c>_&lt;prefix&gt;.&lt;domain&gt;</c> for the expected token.</summary>
internal sealed class VerificationTxtCheck(DnsLookup lookup, MisplacementProbe probe, ILogger logger)
{
    private readonly FindingFactory _findings = new("TXT", logger);

    public async Task<RecordFinding> CheckAsync(string domain, string prefix, string token, CancellationToken cancellationToken)
    {
        var name = $"_{prefix}.{domain}";
        var answer = await lookup.QueryAsync(name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
        if (answer.Status == LookupStatus.Failed)
        {
            return _findings.ResolverError(name, token, answer.Error);
        }

        var values = answer.TxtValues;
        if (values.Count == 0)
        {
            var misplaced = await probe.FindAsync(MisplacedName.ForVerification(prefix, domain), QueryType.TXT, cancellationToken)
                .ConfigureAwait(false);
            if (misplaced is var (place, value))
            {
                return _findings.Misplaced(name, token, place, value, answer.Status != LookupStatus.NxDomain) with { Soa = answer.Soa };
            }

            var why = answer.Status == LookupStatus.NxDomain ? "the name does not exist" : "the name exists but has no TXT record";
            return _findings.Make(name, token, RecordOutcome.Missing, null, null,
                $"No TXT at {name} ({why}): add TXT {name} \"{token}\".") with { NameExists = answer.Status != LookupStatus.NxDomain, Soa = answer.Soa };
        }

        var found = string.Join(" | ", values);
        if (values.Any(value => string.Equals(value, token, StringComparison.Ordinal)))
        {
            return _findings.Make(name, token, RecordOutcome.Found, token, null, $"TXT {name} holds the verification token.");
        }

        var wrapped = values.Any(value => string.Equals(value.Trim().Trim('"').Trim(), token, StringComparison.Ordinal));
        var advice = wrapped
            ? "it holds the token wrapped in quotation marks or spaces; publish the token alone"
            : $"none of its {values.Count} value(s) is the token; add TXT {name} \"{token}\" (other values may stay)";
        return _findings.Make(name, token, RecordOutcome.Mismatch, found, null, $"TXT {name}: {advice}.");
    }
}
