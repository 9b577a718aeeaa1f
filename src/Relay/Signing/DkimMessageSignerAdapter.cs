using System.Collections.Concurrent;
using Relay.Core.Ingestion;
using Relay.Dkim;

namespace Relay.Signing;

/// <summary>Signs through Relay.Dkim, parsing each PEM key once rather than once per message.</summary>
internal sealed class DkimMessageSignerAdapter(DkimMessageSigner signer) : IMessageSigner
{
    private readonly ConcurrentDictionary<string, DkimSigningKey> _keys = new(StringComparer.Ordinal);

    public async Task SignAsync(Stream source, IReadOnlyList<SignatureSpec> signatures, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var requests = signatures
            .Select(spec => new DkimSignatureRequest(spec.Domain, spec.Selector, _keys.GetOrAdd(spec.PrivateKeyPem, DkimSigningKey.ReadPem))
            {
                OversignFrom = spec.OversignFrom,
            })
            .ToList();
        try
        {
            await signer.SignAsync(source, requests, destination, cancellationToken);
        }
        catch (DkimMessageFormatException ex)
        {
            throw new UnsignableMessageException(ex.Message, ex);
        }
    }
}
