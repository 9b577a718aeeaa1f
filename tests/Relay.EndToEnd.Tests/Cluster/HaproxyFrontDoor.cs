using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Debian's HAProxy in TCP mode in front of the nodes' SMTP submission listeners, each node checked over HTTP on its
/// <c>/ready</c> (<see cref="Config"/> is the configuration an operator can copy), with a statistics page on another
/// port from which a test reads whether HAProxy holds a node UP or DOWN.
/// </summary>
internal sealed class HaproxyFrontDoor : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/haproxy";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private HaproxyFrontDoor(Process process, string directory, IPEndPoint smtp, int statsPort)
    {
        _process = process;
        _directory = directory;
        Smtp = smtp;
        StatsPort = statsPort;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where clients submit: HAProxy's SMTP frontend.</summary>
    public IPEndPoint Smtp { get; }

    private int StatsPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The configuration: round robin over the nodes' submission ports; a node is taken out after two failed checks
    /// of <c>GET /ready</c> on its API port half a second apart and put back after two good ones; a connection that
    /// cannot reach the node chosen is tried again on the other (<c>retries</c>, <c>option redispatch</c>); idle
    /// timeouts longer than Relay's own (CommandTimeout 5 min, DataTimeout 10 min), so that Relay's 421 ends a session.
    /// </summary>
    public static string Config(IPEndPoint smtp, int statsPort, IEnumerable<ClusterNode> nodes) =>
        $"""
        global
            maxconn 2000

        defaults
            mode tcp
            timeout connect 2s
            timeout client 11m
            timeout server 11m
            retries 3
            option redispatch

        frontend smtp
            bind {smtp}
            default_backend relay_nodes

        backend relay_nodes
            balance roundrobin
            option httpchk GET /ready
            http-check expect status 200
            default-server inter 500ms fall 2 rise 2
        {string.Join('\n', nodes.Select(node => $"    server {node.Name} {node.Submission} check port {node.ApiPort.ToString(CultureInfo.InvariantCulture)}"))}

        listen stats
            mode http
            bind 127.0.0.1:{statsPort.ToString(CultureInfo.InvariantCulture)}
            stats enable
            stats uri /stats

        """;

    /// <summary>Skips the test when run by hand without HAProxy, fails it under CI=true.</summary>
    public static void Require() => ExternalTool.Require(Executable, "haproxy");

    /// <summary>Starts HAProxy in the foreground and returns once it listens (its statistics page answers).</summary>
    public static async Task<HaproxyFrontDoor> StartAsync(IReadOnlyList<ClusterNode> nodes)
    {
        Require();
        var directory = Directory.CreateTempSubdirectory("relay-haproxy-").FullName;
        var smtp = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.FindFree());
        var statsPort = LoopbackPorts.FindFree();
        var configFile = Path.Combine(directory, "haproxy.cfg");
        await File.WriteAllTextAsync(configFile, Config(smtp, statsPort, nodes));
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -db: stay in the foreground, so that the test owns the process and its output.
        foreach (var argument in new[] { "-db", "-f", configFile })
        {
            start.ArgumentList.Add(argument);
        }

        var haproxy = new HaproxyFrontDoor(Process.Start(start)!, directory, smtp, statsPort);
        try
        {
            await haproxy.WaitUntilListeningAsync();
            return haproxy;
        }
        catch
        {
            await haproxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Each server's status as HAProxy's statistics report it (UP, DOWN, "UP 1/2", …), by node name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerStatusAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var csv = await http.GetStringAsync(new Uri($"http://127.0.0.1:{StatsPort.ToString(CultureInfo.InvariantCulture)}/stats;csv"), cancellationToken);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var proxy = Array.IndexOf(header, "pxname");
        var server = Array.IndexOf(header, "svname");
        var status = Array.IndexOf(header, "status");
        return lines.Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[proxy] == "relay_nodes" && fields[server] is not ("FRONTEND" or "BACKEND"))
            .ToDictionary(fields => fields[server], fields => fields[status], StringComparer.Ordinal);
    }

    /// <summary>Waits until HAProxy's status of <paramref name="node"/> is <paramref name="reached"/>.</summary>
    public async Task WaitForStatusAsync(string node, Func<string, bool> reached, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reached);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = await ServerStatusAsync(cancellationToken);
            if (status.TryGetValue(node, out var value) && reached(value))
            {
                return;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"HAProxy's status of node {node} stayed {value} for {limit}\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Waits until HAProxy holds every node UP (its health checks passed).</summary>
    public async Task WaitUntilAllUpAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = await ServerStatusAsync(cancellationToken);
            if (status.Count > 0 && status.Values.All(value => value == "UP"))
            {
                return;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"HAProxy did not hold every node UP within {limit}: {string.Join(", ", status)}\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilListeningAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, StatsPort);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (waited.Elapsed < StartLimit)
            {
                await Task.Delay(100);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
