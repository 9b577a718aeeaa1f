namespace Relay.Delivery.Spool;

/// <summary>
/// Operator requests (<c>relay queue retry|delete</c>) as empty files in <c>&lt;spool&gt;/cmd/</c>:
/// <c>&lt;id&gt;.retry</c> or <c>&lt;id&gt;.delete</c>.
/// </summary>
/// <remarks>
/// The spool allows one writing process, so the CLI never touches envelopes itself: it drops a request here and
/// the running queue carries it out (or the next start does, before delivering anything).
/// </remarks>
public sealed class SpoolCommandInbox
{
    private const string RetryExtension = ".retry";
    private const string DeleteExtension = ".delete";
    private readonly string _directory;

    /// <summary>The inbox of the spool in <paramref name="spoolDirectory"/>.</summary>
    public SpoolCommandInbox(string spoolDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spoolDirectory);
        _directory = Path.Combine(Path.GetFullPath(spoolDirectory), "cmd");
    }

    /// <summary>Leaves a request for the queue.</summary>
    public async Task RequestAsync(string id, SpoolCommand command, CancellationToken cancellationToken)
    {
        SpoolId.Validate(id, nameof(id));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_directory);
        }
        else
        {
            // The spool is private: owner only, whatever the umask of the CLI that asks.
            Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await new FileStream(Path.Combine(_directory, id + ExtensionOf(command)), options).DisposeAsync();
    }

    /// <summary>Takes every waiting request (deleting its file); a delete wins over a retry of the same message.</summary>
    public IReadOnlyList<(string Id, SpoolCommand Command)> TakeAll()
    {
        if (!Directory.Exists(_directory))
        {
            return [];
        }

        var requests = new Dictionary<string, SpoolCommand>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            SpoolCommand? command = Path.GetExtension(path) switch
            {
                RetryExtension => SpoolCommand.Retry,
                DeleteExtension => SpoolCommand.Delete,
                _ => null,
            };
            TryDelete(path);
            if (command is { } known && SpoolId.IsValid(id))
            {
                requests[id] = requests.GetValueOrDefault(id) == SpoolCommand.Delete ? SpoolCommand.Delete : known;
            }
        }

        return requests.Select(pair => (pair.Key, pair.Value)).ToList();
    }

    private static string ExtensionOf(SpoolCommand command) => command switch
    {
        SpoolCommand.Retry => RetryExtension,
        SpoolCommand.Delete => DeleteExtension,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown spool command."),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Taken again next time; a repeated retry or delete is harmless.
        }
    }
}
