using System.Collections.Concurrent;
using Relay.Delivery.Suppression;

namespace Relay.Delivery.Tests.Queue;

/// <summary>A suppression list in memory for account "shop": what is listed, what hard bounces were reported; or one that fails.</summary>
internal sealed class ListedRecipients(params string[] listed) : IRecipientSuppression
{
    private readonly ConcurrentDictionary<string, string> _listed = new(listed.Select(a => KeyValuePair.Create(a, "listed")), StringComparer.OrdinalIgnoreCase);

    public bool Broken { get; init; }

    public ConcurrentQueue<(string? Account, string Recipient, string Diagnostic)> HardBounces { get; } = new();

    public Task<IReadOnlySet<string>> SuppressedAmongAsync(string? accountId, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        return Task.FromResult<IReadOnlySet<string>>(recipients.Where(_listed.ContainsKey).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    public Task<bool> RecordHardBounceAsync(string? accountId, string recipient, string messageId, string diagnostic, CancellationToken cancellationToken)
    {
        ThrowIfBroken();
        HardBounces.Enqueue((accountId, recipient, diagnostic));
        _listed[recipient] = messageId;
        return Task.FromResult(true);
    }

    private void ThrowIfBroken()
    {
        if (Broken)
        {
            throw new IOException("database is locked");
        }
    }
}
