using DnsClient;
using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>Checks a BYODKIM key record: TXT at <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> with the expected <c>p=</c>.</summary>
internal sealed class ByodkimCheck(DnsLookup lookup, MisplacementProbe probe, ILogger logger)
{
    private readonly FindingFactory _findings = new("TXT", logger);

    public async Task<RecordFinding> CheckAsync(
        string domain, string selector, string expectedKey, byte[] expectedKeyBytes, CancellationToken cancellationToken)
    {
        var name = $"{selector}._domainkey.{domain}";
        var answer = await lookup.QueryAsync(name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
        if (answer.Status == LookupStatus.Failed)
        {
            return _findings.ResolverError(name, expectedKey, answer.Error);
        }

        var values = answer.TxtValues;
        if (values.Count == 0)
        {
            return await MissingAsync(name, expectedKey, KeyTypeOf(expectedKeyBytes), domain, selector, answer, cancellationToken).ConfigureAwait(false);
        }

        var records = values.Select(value => (Value: value, Record: DkimKeyRecord.Parse(value))).ToArray();
        var keys = records.Where(pair => pair.Record.Kind == DkimKeyRecordKind.Key).ToArray();
        var match = keys.FirstOrDefault(pair => pair.Record.PublicKey!.AsSpan().SequenceEqual(expectedKeyBytes));
        var keyType = KeyTypeOf(expectedKeyBytes);
        if (match.Record is not null && match.Record.KeyType != keyType)
        {
            // A verifier reads the key as k= says (rsa when absent): the right octets under the wrong type fail.
            return _findings.Make(name, expectedKey, RecordOutcome.KeyMismatch, match.Value, null,
                $"TXT {name} publishes the expected key as k={match.Record.KeyType}; it is an {keyType} key: publish \"v=DKIM1; k={keyType}; p=…\".");
        }

        if (match.Record is not null)
        {
            var others = records.Length > 1 ? $" ({records.Length - 1} other TXT record(s) there too; verifiers may pick any)" : string.Empty;
            return _findings.Make(name, expectedKey, RecordOutcome.Found, match.Value, null,
                $"TXT {name} publishes the expected public key{others}.");
        }

        if (keys.Length > 0)
        {
            return _findings.Make(name, expectedKey, RecordOutcome.KeyMismatch, keys[0].Value, null,
                $"TXT {name} publishes a different public key than the private key given: publish the matching key or set the right private key.");
        }

        if (records.FirstOrDefault(pair => pair.Record.Kind == DkimKeyRecordKind.Revoked) is { Record: not null } revoked)
        {
            return _findings.Make(name, expectedKey, RecordOutcome.KeyMismatch, revoked.Value, null,
                $"TXT {name} has an empty p=, which revokes the key: publish p= with the expected public key.");
        }

        return _findings.Make(name, expectedKey, RecordOutcome.Malformed, string.Join(" | ", values), null,
            $"TXT {name} is not a usable DKIM key record: {records[0].Record.Problem}.");
    }

    private async Task<RecordFinding> MissingAsync(
        string name, string expectedKey, string keyType, string domain, string selector, LookupAnswer answer, CancellationToken cancellationToken)
    {
        // A CNAME at the name makes it exist, whatever its target answers.
        var nameExists = answer.CnameTargetOf(name) is not null || answer.Status != LookupStatus.NxDomain;
        var misplaced = await probe.FindAsync(MisplacedName.ForDomainKey(selector, domain), QueryType.TXT, cancellationToken)
            .ConfigureAwait(false);
        if (misplaced is var (place, value))
        {
            return _findings.Misplaced(name, expectedKey, place, value, nameExists) with { Soa = answer.Soa };
        }

        var why = answer.CnameTargetOf(name) is { } target
            ? $"it is a CNAME to {target}, which has no TXT record"
            : answer.Status == LookupStatus.NxDomain ? "the name does not exist" : "the name exists but has no TXT record";
        return _findings.Make(name, expectedKey, RecordOutcome.Missing, null, null,
            $"No DKIM key at {name} ({why}): add TXT {name} \"v=DKIM1; k={keyType}; p=<public key>\".") with { NameExists = nameExists, Soa = answer.Soa };
    }

    /// <summary>RFC 8463: an Ed25519 <c>p=</c> is the bare 32-octet key; an RSA SubjectPublicKeyInfo is never that short.</summary>
    private static string KeyTypeOf(byte[] publicKey) => publicKey.Length == 32 ? "ed25519" : DkimKeyRecord.DefaultKeyType;
}
