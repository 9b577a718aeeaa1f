using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Relay.Testing.Dns;

/// <summary>
/// A private BIND 9 <c>named</c> (Debian package bind9), authoritative only, on 127.0.0.1 at a free high port,
/// serving the zones a test gives. Records change while it runs (<see cref="SetZoneAsync"/>: the zone file is
/// rewritten with the next serial and reloaded with <c>rndc</c>; the call returns once named serves the new serial).
/// Runs in the foreground (<c>-g</c>) without <c>-u</c>, so it keeps the test's user and writes only its temp folder.
/// Disposing kills it and deletes the folder.
/// </summary>
public sealed class BindServer : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReloadLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory;
    private readonly Tools _tools;
    private readonly Dictionary<string, uint> _serials;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private DaemonProcess? _named;

    private BindServer(DirectoryInfo directory, Tools tools, Dictionary<string, uint> serials)
    {
        _directory = directory;
        _tools = tools;
        _serials = serials;
    }

    /// <summary>Where named answers, on UDP and TCP.</summary>
    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The zone apexes served (lower case, no trailing dot).</summary>
    public IReadOnlyCollection<string> Zones => _serials.Keys;

    /// <summary>What named printed so far (its log, with <c>-g</c>), for failure messages.</summary>
    public string Log => _named?.Output ?? string.Empty;

    /// <summary>
    /// Starts named with <paramref name="zones"/> (at least one). Skips the test without bind9/dnsutils when run by hand,
    /// fails it under CI. Throws <see cref="InvalidOperationException"/> with named's output when it cannot start,
    /// or with named-checkzone's when a zone does not load.
    /// </summary>
    public static async Task<BindServer> StartAsync(IEnumerable<TestZone> zones, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var zoneList = zones.ToList();
        if (zoneList.Count == 0 || zoneList.Select(zone => zone.Apex).Distinct().Count() != zoneList.Count)
        {
            throw new ArgumentException("Give at least one zone, each apex once.", nameof(zones));
        }

        var tools = Tools.Require();
        var server = new BindServer(
            Directory.CreateTempSubdirectory("relay-named-"), tools, zoneList.ToDictionary(zone => zone.Apex, _ => 1u));
        try
        {
            foreach (var zone in zoneList)
            {
                await server.WriteZoneFileAsync(zone, 1, cancellationToken);
            }

            await server.LaunchAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Replaces every record of a zone given at start (SOA and NS are generated again) and returns once named
    /// serves the new version. Resolvers may still hold the old records: <see cref="DnsTestNetwork"/> flushes unbound too.
    /// </summary>
    public async Task SetZoneAsync(TestZone zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (!_serials.TryGetValue(zone.Apex, out var serial))
            {
                throw new ArgumentException($"{zone.Apex} was not given at start; named serves {string.Join(", ", Zones)}.", nameof(zone));
            }

            serial++;
            await WriteZoneFileAsync(zone, serial, cancellationToken);
            _serials[zone.Apex] = serial;

            // A reload is queued, not done, when rndc returns: wait until the new serial is served. A reload that
            // named skipped (a file time it judged unchanged) is asked for once more.
            for (var attempt = 1; ; attempt++)
            {
                await RndcAsync(["reload", zone.Apex], cancellationToken);
                if (await Poll.UntilAsync(() => ServesSerialAsync(zone.Apex, serial), ReloadLimit, cancellationToken))
                {
                    return;
                }

                if (attempt == 2)
                {
                    throw new InvalidOperationException($"named did not load serial {serial} of {zone.Apex}.\n{Log}");
                }
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_named is not null)
        {
            await _named.DisposeAsync();
            _named = null;
        }

        _changes.Dispose();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying daemon: the temp folder is left behind rather than failing the test.
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPorts.FindFree();
            var controlPort = LoopbackPorts.FindFree();
            var zones = _serials.Keys.Select(apex => (apex, ZoneFilePath(apex)));
            await File.WriteAllTextAsync(
                ConfigPath, BindConfigText.Named(_directory.FullName, port, controlPort, secret, zones), cancellationToken);
            await File.WriteAllTextAsync(RndcConfigPath, BindConfigText.Rndc(controlPort, secret), cancellationToken);
            EndPoint = new IPEndPoint(IPAddress.Loopback, port);

            // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker (the machine is shared); no -u: no setuid.
            _named = DaemonProcess.Start(_tools.Named, ["-g", "-4", "-n", "1", "-c", ConfigPath], _directory.FullName);
            var controlLine = $"command channel listening on 127.0.0.1#{controlPort}";
            var named = _named;
            var ready = await Poll.UntilAsync(
                async () => named.HasExited || ZoneFailed(named.Output)
                    || (named.Output.Contains(controlLine, StringComparison.Ordinal) && await ServesAllAsync()),
                StartLimit,
                cancellationToken);
            var output = named.Output;
            if (ready && !named.HasExited && !ZoneFailed(output))
            {
                return;
            }

            await named.DisposeAsync();
            _named = null;
            if (ZoneFailed(output))
            {
                throw new InvalidOperationException($"named did not load a zone.\n{output}");
            }

            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"named did not start on 127.0.0.1#{port} after {attempt} attempts.\n{output}");
            }
        }
    }

    private static bool ZoneFailed(string output) => output.Contains("not loaded due to errors", StringComparison.Ordinal);

    private async Task<bool> ServesAllAsync()
    {
        foreach (var (apex, serial) in _serials)
        {
            if (!await ServesSerialAsync(apex, serial))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> ServesSerialAsync(string apex, uint serial) =>
        await SoaSerialProbe.QueryAsync(_tools.Dig, EndPoint, apex) == serial;

    private async Task WriteZoneFileAsync(TestZone zone, uint serial, CancellationToken cancellationToken)
    {
        // Checked before named sees it, so a bad record fails with named-checkzone's message, not a reload timeout;
        // then renamed into place, so named never reads half a file.
        var candidate = ZoneFilePath(zone.Apex) + ".new";
        await File.WriteAllTextAsync(candidate, ZoneFileText.Render(zone, serial), cancellationToken);
        var check = await ExternalTool.RunAsync(_tools.CheckZone, ["-q", "-k", "ignore", zone.Apex, candidate], stdin: null, ToolTimeout);
        if (check.ExitCode != 0)
        {
            var verbose = await ExternalTool.RunAsync(_tools.CheckZone, ["-k", "ignore", zone.Apex, candidate], stdin: null, ToolTimeout);
            throw new InvalidOperationException(
                $"Zone {zone.Apex} does not load:\n{verbose.StandardOutput}{verbose.StandardError}\n{ZoneFileText.Render(zone, serial)}");
        }

        File.Move(candidate, ZoneFilePath(zone.Apex), overwrite: true);
    }

    private async Task RndcAsync(string[] command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await ExternalTool.RunAsync(_tools.Rndc, ["-c", RndcConfigPath, .. command], stdin: null, ToolTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"rndc {string.Join(' ', command)} failed: {result.StandardOutput}{result.StandardError}\n{Log}");
        }
    }

    private string ConfigPath => Path.Combine(_directory.FullName, "named.conf");

    private string RndcConfigPath => Path.Combine(_directory.FullName, "rndc.conf");

    private string ZoneFilePath(string apex) => Path.Combine(_directory.FullName, apex + ".zone");

    private sealed record Tools(string Named, string Rndc, string CheckZone, string Dig)
    {
        public static Tools Require() => new(
            ExternalTool.Require("/usr/sbin/named", "bind9"),
            ExternalTool.Require("/usr/sbin/rndc", "bind9-utils"),
            ExternalTool.Require("/usr/bin/named-checkzone", "bind9-utils"),
            ExternalTool.Require("/usr/bin/dig", "dnsutils"));
    }
}
