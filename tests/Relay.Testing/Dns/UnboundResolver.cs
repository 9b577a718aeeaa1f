using System.Net;

namespace Relay.Testing.Dns;

/// <summary>
/// A private unbound (Debian package unbound) as a recursive resolver on 127.0.0.1 at a free high port. It reaches
/// each <see cref="StubZone"/> at the server given (named, Relay's own DKIM zone server, …); no DNSSEC validation;
/// answers are cached for at most a second and <see cref="FlushZoneAsync"/> drops them at once. Runs in the
/// foreground without changing user or root. Disposing kills it and deletes its temp folder.
/// </summary>
public sealed class UnboundResolver : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory;
    private readonly string _unbound;
    private readonly string _control;
    private DaemonProcess? _process;

    private UnboundResolver(DirectoryInfo directory, string unbound, string control)
    {
        _directory = directory;
        _unbound = unbound;
        _control = control;
    }

    /// <summary>Where the resolver answers (UDP and TCP); point the code under test here.</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>What unbound printed so far, for failure messages.</summary>
    public string Log => _process?.Output ?? string.Empty;

    /// <summary>
    /// Starts unbound with <paramref name="stubs"/>. Skips the test without unbound when run by hand, fails it
    /// under CI; throws <see cref="InvalidOperationException"/> with unbound's output when it cannot start.
    /// </summary>
    public static async Task<UnboundResolver> StartAsync(IEnumerable<StubZone> stubs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stubs);
        var stubList = stubs.ToList();
        var resolver = new UnboundResolver(
            Directory.CreateTempSubdirectory("relay-unbound-"),
            ExternalTool.Require("/usr/sbin/unbound", "unbound"),
            ExternalTool.Require("/usr/sbin/unbound-control", "unbound"));
        try
        {
            await resolver.LaunchAsync(stubList, cancellationToken);
            return resolver;
        }
        catch
        {
            await resolver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Forgets everything cached at or below <paramref name="zone"/>, and which servers seemed down.</summary>
    public async Task FlushZoneAsync(string zone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        await ControlAsync(["flush_zone", zone.TrimEnd('.')], cancellationToken);
        await ControlAsync(["flush_infra", "all"], cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying daemon: the temp folder is left behind rather than failing the test.
        }
    }

    private async Task LaunchAsync(IReadOnlyList<StubZone> stubs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.FindFree();
            await File.WriteAllTextAsync(ConfigPath, UnboundConfigText.Render(_directory.FullName, port, stubs), cancellationToken);
            EndPoint = new IPEndPoint(IPAddress.Loopback, port);

            // -d: stay in the foreground, log to stderr. unbound exits when it cannot bind, so a taken port shows.
            _process = DaemonProcess.Start(_unbound, ["-d", "-c", ConfigPath], _directory.FullName);
            var process = _process;
            var ready = await Poll.UntilAsync(
                async () => process.HasExited || await TryControlAsync(["status"]),
                StartLimit,
                cancellationToken);
            if (ready && !process.HasExited)
            {
                return;
            }

            var output = process.Output;
            await process.DisposeAsync();
            _process = null;
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"unbound did not start on 127.0.0.1@{port} after {attempt} attempts.\n{output}");
            }
        }
    }

    private async Task ControlAsync(string[] command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await ExternalTool.RunAsync(_control, ["-c", ConfigPath, .. command], stdin: null, ToolTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"unbound-control {string.Join(' ', command)} failed: {result.StandardOutput}{result.StandardError}\n{Log}");
        }
    }

    private async Task<bool> TryControlAsync(string[] command) =>
        (await ExternalTool.RunAsync(_control, ["-c", ConfigPath, .. command], stdin: null, ToolTimeout)).ExitCode == 0;

    private string ConfigPath => Path.Combine(_directory.FullName, "unbound.conf");
}
