using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Relay.Delivery.Spool;

/// <summary>
/// One start-up pass over the spool: removes what interrupted writes left behind, quarantines unreadable
/// envelopes and lists the committed messages, oldest first. Assumes nothing else writes to the spool meanwhile.
/// </summary>
internal sealed class SpoolRecovery(SpoolLayout layout, ILogger logger)
{
    private int _temporaries;
    private int _orphans;
    private int _corrupt;

    public async IAsyncEnumerable<SpoolEnvelope> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RemoveTemporaries(layout.ContentDirectory);
        RemoveTemporaries(layout.EnvelopeDirectory);
        var contentIds = ListIds(layout.ContentDirectory, SpoolLayout.ContentExtension);
        var envelopeIds = ListIds(layout.EnvelopeDirectory, SpoolLayout.EnvelopeExtension);

        // The envelope's rename is the commit point: content without one was never acknowledged.
        foreach (var id in contentIds.Except(envelopeIds))
        {
            RemoveOrphan(id);
        }

        var recovered = 0;
        foreach (var id in envelopeIds.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var envelope = contentIds.Contains(id)
                ? await ReadAsync(id, cancellationToken)
                : Quarantine(id, "its content file is missing");
            if (envelope is not null)
            {
                recovered++;
                yield return envelope;
            }
        }

        SpoolLog.Recovered(logger, layout.Root, recovered, _orphans, _temporaries, _corrupt);
    }

    private async Task<SpoolEnvelope?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var path = layout.EnvelopePath(id);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            SpoolLog.RecoveryFileFailed(logger, path, exception);
            return null;
        }

        var envelope = SpoolEnvelopeCodec.TryDecode(bytes, id, out var problem);
        return envelope ?? Quarantine(id, problem!);
    }

    private SpoolEnvelope? Quarantine(string id, string problem)
    {
        _corrupt++;
        SpoolLog.Quarantined(logger, id, problem, layout.CorruptDirectory);
        TryMove(layout.EnvelopePath(id), layout.CorruptEnvelopePath(id));
        if (File.Exists(layout.ContentPath(id)))
        {
            TryMove(layout.ContentPath(id), layout.CorruptContentPath(id));
        }

        return null;
    }

    private void RemoveOrphan(string id)
    {
        if (TryDelete(layout.ContentPath(id)))
        {
            _orphans++;
            SpoolLog.OrphanRemoved(logger, id);
        }
    }

    private void RemoveTemporaries(string directory)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SpoolLayout.TemporaryExtension))
        {
            if (TryDelete(path))
            {
                _temporaries++;
                SpoolLog.TemporaryRemoved(logger, path);
            }
        }
    }

    private HashSet<string> ListIds(string directory, string extension)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(SpoolLayout.TemporaryExtension, StringComparison.Ordinal))
            {
                continue;
            }

            var id = Path.GetFileNameWithoutExtension(name);
            if (name.EndsWith(extension, StringComparison.Ordinal) && SpoolId.IsValid(id))
            {
                ids.Add(id);
            }
            else
            {
                SpoolLog.UnexpectedFile(logger, path);
            }
        }

        return ids;
    }

    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            SpoolLog.RecoveryFileFailed(logger, path, exception);
            return false;
        }
    }

    private void TryMove(string source, string destination)
    {
        try
        {
            File.Move(source, destination, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            SpoolLog.RecoveryFileFailed(logger, source, exception);
        }
    }
}
