namespace Relay.Core.Identities.Lifecycle;

/// <summary>The records a customer publishes for a domain: the verification TXT, the Easy DKIM CNAMEs or the BYODKIM TXT, and the Ed25519 key's record when the domain has one.</summary>
public static class IdentityRecords
{
    public static IReadOnlyList<DnsRecord> For(Identity identity, IdentityLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        var records = new List<DnsRecord>();
        if (identity.Type != IdentityType.Domain)
        {
            return records;
        }

        if (identity.VerificationToken is { } token)
        {
            records.Add(new DnsRecord($"_{options.VerificationRecordPrefix}.{identity.Name}", "TXT", token));
        }

        if (identity.DkimKeys.Count == 0 && identity.SigningKey is { } operatorKey)
        {
            // A key the operator gave or generated with 'identity add': the customer publishes its TXT record.
            AddDkim(records, identity.Name, DkimSigningOrigin.External, [operatorKey], options.ProviderDkimZone);
        }
        else
        {
            AddDkim(records, identity.Name, identity.DkimOrigin, identity.DkimKeys, options.ProviderDkimZone);
        }
        if (identity.PendingDkim is { } change)
        {
            AddDkim(records, identity.Name, change.Origin, change.Keys, options.ProviderDkimZone);
        }

        if (identity.Ed25519 is { } ed25519)
        {
            // Relay's extension: one more CNAME (Easy DKIM) or TXT (BYODKIM), for the Ed25519 key.
            AddDkim(records, identity.Name, ed25519.Origin, [ed25519.Key], options.ProviderDkimZone);
        }

        return records;
    }

    private static void AddDkim(List<DnsRecord> records, string domain, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, string zone)
    {
        foreach (var key in keys)
        {
            var name = $"{key.Selector}._domainkey.{domain}";
            records.Add(origin == DkimSigningOrigin.AwsSes
                ? new DnsRecord(name, "CNAME", $"{key.Selector}.{zone}")
                : new DnsRecord(name, "TXT", DkimPublicKeys.TxtValue(key)));
        }
    }
}
