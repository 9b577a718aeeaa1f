using System.Runtime.CompilerServices;
using Relay.Core.Ingestion;
using Relay.Core.Storage;
using Relay.Dkim;
using Relay.Dns;

namespace Relay.KeyZone;

/// <summary>
/// The key zone's records: every Easy DKIM key of every account (current and pending, kept by the store), plus the
/// provider's own selectors (RSA, and Ed25519 when configured), so that <c>&lt;selector&gt;._domainkey.&lt;provider domain&gt;</c> can be a CNAME into the zone too.
/// The SOA serial is the store's, which moves on with every stored change and when the provider's key changed
/// between two runs.
/// </summary>
internal sealed class StoreDkimKeyRecordSource : IDkimKeyRecordSource
{
    private readonly IDkimRecordStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<(string Label, string Txt)> _providerRecords;
    private volatile bool _opened;

    public StoreDkimKeyRecordSource(IDkimRecordStore store, ProviderSignature provider, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
        _providerRecords = provider.Specs
            .Select(spec => (spec.Selector.ToLowerInvariant(), DkimSigningKey.ReadPem(spec.PrivateKeyPem).ToDnsTxtRecord()))
            .ToList();
    }

    public async ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken)
    {
        foreach (var (providerLabel, txt) in _providerRecords)
        {
            if (label == providerLabel)
            {
                return txt;
            }
        }

        return await _store.FindDkimRecordAsync(label, cancellationToken);
    }

    public async ValueTask<uint> SerialAsync(CancellationToken cancellationToken)
    {
        if (_opened)
        {
            return await _store.KeyZoneSerialAsync(cancellationToken);
        }

        // Opening is an idempotent upsert: two first queries at once both record the same provider key, and the
        // second finds nothing changed.
        var serial = await _store.OpenKeyZoneAsync(
            ZoneSerial.ForDate(_timeProvider.GetUtcNow()), string.Join('\n', _providerRecords.Select(record => $"{record.Label} {record.Txt}")), cancellationToken);
        _opened = true;
        return serial;
    }

    public async IAsyncEnumerable<(string Label, string TxtValue)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in _providerRecords)
        {
            yield return record;
        }

        foreach (var record in await _store.ListDkimRecordsAsync(cancellationToken))
        {
            yield return record;
        }
    }
}
