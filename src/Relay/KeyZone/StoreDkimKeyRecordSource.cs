using System.Runtime.CompilerServices;
using Relay.Core.Ingestion;
using Relay.Core.Storage;
using Relay.Dkim;
using Relay.Dns;

namespace Relay.KeyZone;

/// <summary>
/// The key zone's records: every Easy DKIM key of every account (current and pending, kept by the store), plus the
/// provider's own selector, so that <c>&lt;selector&gt;._domainkey.&lt;provider domain&gt;</c> can be a CNAME into the zone too.
/// </summary>
internal sealed class StoreDkimKeyRecordSource : IDkimKeyRecordSource
{
    private readonly IDkimRecordStore _store;
    private readonly string _providerLabel;
    private readonly string _providerTxt;

    public StoreDkimKeyRecordSource(IDkimRecordStore store, ProviderSignature provider)
    {
        _store = store;
        _providerLabel = provider.Spec.Selector.ToLowerInvariant();
        _providerTxt = DkimPrivateKey.FromPem(provider.Spec.PrivateKeyPem).ToDnsTxtRecord();
    }

    public async ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken) =>
        label == _providerLabel ? _providerTxt : await _store.FindDkimRecordAsync(label, cancellationToken);

    public async IAsyncEnumerable<(string Label, string TxtValue)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return (_providerLabel, _providerTxt);
        foreach (var record in await _store.ListDkimRecordsAsync(cancellationToken))
        {
            yield return record;
        }
    }
}
