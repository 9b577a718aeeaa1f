namespace Relay.Delivery.Spool;

/// <summary>
/// Reads a spool folder without changing it, for the CLI while Relay may be running: committed envelopes only,
/// skipping files that are being written or that recovery would quarantine.
/// </summary>
public sealed class SpoolReader
{
    private readonly SpoolLayout _layout;

    /// <summary>Reads the spool in <paramref name="directory"/> (which need not exist).</summary>
    public SpoolReader(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _layout = new SpoolLayout(directory);
    }

    /// <summary>Every readable envelope, oldest first.</summary>
    public async Task<IReadOnlyList<SpoolEnvelope>> ListAsync(CancellationToken cancellationToken) =>
        await ReadAsync(Ids(), cancellationToken);

    /// <summary>
    /// One page of the queue, oldest first: the envelopes of the ids from <paramref name="skip"/> on, at most
    /// <paramref name="take"/>, with how many ids the spool holds. Only the page's envelopes are read.
    /// </summary>
    public async Task<(IReadOnlyList<SpoolEnvelope> Envelopes, int Total)> ListPageAsync(int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        var ids = Ids();
        return (await ReadAsync(ids.Skip(skip).Take(take), cancellationToken), ids.Count);
    }

    private List<string> Ids() => Directory.Exists(_layout.EnvelopeDirectory)
        ? Directory.EnumerateFiles(_layout.EnvelopeDirectory, "*" + SpoolLayout.EnvelopeExtension)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(SpoolId.IsValid)
            .Order(StringComparer.Ordinal)
            .ToList()
        : [];

    private async Task<IReadOnlyList<SpoolEnvelope>> ReadAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var envelopes = new List<SpoolEnvelope>();
        foreach (var id in ids)
        {
            if (await FindAsync(id, cancellationToken) is { } envelope)
            {
                envelopes.Add(envelope);
            }
        }

        return envelopes;
    }

    /// <summary>The envelope of <paramref name="id"/>, or null when there is no such (readable) message.</summary>
    public async Task<SpoolEnvelope?> FindAsync(string id, CancellationToken cancellationToken)
    {
        SpoolId.Validate(id, nameof(id));
        try
        {
            var bytes = await File.ReadAllBytesAsync(_layout.EnvelopePath(id), cancellationToken);
            return SpoolEnvelopeCodec.TryDecode(bytes, id, out _);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // Delivered or deleted between listing and reading.
            return null;
        }
    }

    /// <summary>The size of the stored content, or null when it is gone.</summary>
    public long? ContentLength(string id)
    {
        SpoolId.Validate(id, nameof(id));
        var file = new FileInfo(_layout.ContentPath(id));
        return file.Exists ? file.Length : null;
    }

    /// <summary>True when <paramref name="id"/> has the shape of a spool id.</summary>
    public static bool IsId(string? id) => SpoolId.IsValid(id);
}
