using System.Globalization;
using Relay.Cli;
using Relay.Core.Identities;
using Relay.Core.Observability;
using Relay.Core.Storage;

namespace Relay.Metrics;

/// <summary><c>relay_identities{type,dkim_status}</c>: identities of every account by type and SES DKIM status, read from the store at each scrape.</summary>
internal sealed class IdentityMetrics(IRelayStore store) : IPrometheusMetrics
{
    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var counts = await store.CountIdentitiesAsync(cancellationToken);
        await writer.WriteAsync("# HELP relay_identities Identities by type and DKIM status.\n# TYPE relay_identities gauge\n");
        foreach (var (type, dkimStatus, count) in counts)
        {
            var status = Enum.TryParse<VerificationStatus>(dkimStatus, out var parsed) ? SesStatusNames.Format(parsed) : dkimStatus;
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"relay_identities{{type=\"{type}\",dkim_status=\"{status}\"}} {count}\n"));
        }
    }
}
