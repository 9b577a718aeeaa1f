using System.Runtime.CompilerServices;
using Relay.Core.Ingestion;
using Relay.Core.Storage;
using Relay.Dkim;
using Relay.Dns;

namespace Relay.KeyZone;

/// <summary>
/// The key zone's records: every Easy DKIM key of every account (current and pending, kept by the store), plus the
/// provider's own selector, so that <c>&lt;selector&gt;._domainkey.&lt;provider domain&gt;</c> can be a CNAME into the zone too.
/// The SOA serial is the store's, which moves on with every stored change and when the provider's key changed
/// between two runs.
/// </summary>
internal sealed class StoreDkimKeyRecordSource : IDkimKeyRecordSource
{
    private readonly IDkimRecordStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly string _providerLabel;
    private readonly string _providerTxt;
    private volatile bool _opened;

    public StoreDkimKeyRecordSource(IDkimRecordStore store, ProviderSignature provider, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
        _providerLabel = provider.Spec.Selector.ToLowerInvariant();
        _providerTxt = DkimPrivateKey.FromPem(provider.Spec.PrivateKeyPem).ToDnsTxtRecord();
    }

    public async ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken) =>
        label == _providerLabel ? _providerTxt : await _store.FindDkimRecordAsync(label, cancellationToken);

    public async ValueTask<uint> SerialAsync(CancellationToken cancellationToken)
    {
        if (_opened)
        {
            return await _store.KeyZoneSerialAsync(cancellationToken);
        }

        // Opening is an idempotent upsert: two first queries at once both record the same provider key, and the
        // second finds nothing changed.
        var serial = await _store.OpenKeyZoneAsync(
            ZoneSerial.ForDate(_timeProvider.GetUtcNow()), $"{_providerLabel} {_providerTxt}", cancellationToken);
        _opened = true;
        return serial;
    }

    public async IAsyncEnumerable<(string Label, string TxtValue)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return (_providerLabel, _providerTxt);
        foreach (var record in await _store.ListDkimRecordsAsync(cancellationToken))
        {
            yield return record;
        }
    }
}
