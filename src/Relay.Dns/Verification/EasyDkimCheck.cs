using DnsClient;
using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>Checks one Easy DKIM CNAME, <c>&lt;token&gt;._domainkey.&lt;domain&gt;</c> → <c>&lt;token&gt;.&lt;provider zone&gt;</c>.</summary>
internal sealed class EasyDkimCheck(DnsLookup lookup, MisplacementProbe probe, ILogger logger)
{
    private readonly FindingFactory _findings = new("CNAME", logger);

    public async Task<RecordFinding> CheckAsync(
        string domain, string token, string providerZone, IReadOnlyList<string> allTokens, CancellationToken cancellationToken)
    {
        var name = $"{token}._domainkey.{domain}";
        var expected = $"{token}.{providerZone}";
        var answer = await lookup.QueryAsync(name, QueryType.CNAME, cancellationToken).ConfigureAwait(false);
        if (answer.Status == LookupStatus.Failed)
        {
            return _findings.ResolverError(name, expected, answer.Error);
        }

        if (answer.CnameTargetOf(name) is { } target)
        {
            return DnsNames.Normalise(target) == expected
                ? await FoundAsync(name, expected, target, cancellationToken).ConfigureAwait(false)
                : Wrong(name, expected, target, domain, providerZone, allTokens);
        }

        if (answer.Status != LookupStatus.NxDomain)
        {
            // The name exists without a CNAME: say what is there when it is the common TXT mix-up.
            var txt = await lookup.QueryAsync(name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
            if (txt.Status == LookupStatus.Failed)
            {
                return _findings.ResolverError(name, expected, txt.Error);
            }

            if (txt.TxtValues.Count > 0)
            {
                var value = string.Join(" | ", txt.TxtValues);
                return _findings.Make(name, expected, RecordOutcome.TxtInsteadOfCname, value, null,
                    $"{name} has a TXT record where a CNAME to {expected} belongs: delete the TXT record and add the CNAME.");
            }
        }

        var misplaced = await probe.FindAsync(MisplacedName.ForDomainKey(token, domain), QueryType.CNAME, cancellationToken)
            .ConfigureAwait(false);
        if (misplaced is var (place, placedValue))
        {
            return _findings.Misplaced(name, expected, place, placedValue, answer.Status != LookupStatus.NxDomain) with { Soa = answer.Soa };
        }

        var why = answer.Status == LookupStatus.NxDomain ? "the name does not exist" : "the name exists but has no CNAME";
        return _findings.Make(name, expected, RecordOutcome.Missing, null, null,
            $"No CNAME at {name} ({why}): add CNAME {name} → {expected}.") with { NameExists = answer.Status != LookupStatus.NxDomain, Soa = answer.Soa };
    }

    private async Task<RecordFinding> FoundAsync(string name, string expected, string published, CancellationToken cancellationToken)
    {
        // Follow the CNAME to the provider's key: the customer's part is done either way, but the CLI can say
        // whether the key behind it is served, and a resolver failure here must not turn a right record into an error.
        var chase = await lookup.QueryAsync(name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
        var keys = chase.Status == LookupStatus.Failed ? [] : chase.TxtValues;
        var key = keys.Count > 0 ? keys[0] : null;
        var tail = key is not null
            ? "it leads to the DKIM key."
            : $"the key record at {expected} did not resolve ({(chase.Status == LookupStatus.Failed ? chase.Error : "not published")}).";
        return _findings.Make(name, expected, RecordOutcome.Found, published, null, $"CNAME {name} → {published} is right; {tail}")
            with { KeyRecordBehindCname = key };
    }

    private RecordFinding Wrong(
        string name, string expected, string target, string domain, string providerZone, IReadOnlyList<string> allTokens)
    {
        var normalised = DnsNames.Normalise(target);
        if (normalised == $"{expected}.{domain}")
        {
            return _findings.Make(name, expected, RecordOutcome.TargetDomainAppended, target, null,
                $"CNAME {name} points to {target}: the DNS provider added {domain} to the value; enter it as {expected}. (with the final dot).");
        }

        var otherToken = allTokens.FirstOrDefault(other => normalised == $"{other}.{providerZone}");
        var hint = otherToken is not null ? $" (the target of token {otherToken}: the records are mixed up)" : string.Empty;
        return _findings.Make(name, expected, RecordOutcome.PointsElsewhere, target, null,
            $"CNAME {name} points to {target}{hint}, not {expected}: change its value.");
    }
}
