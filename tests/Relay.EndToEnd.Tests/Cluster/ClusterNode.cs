using System.Globalization;
using System.Net;
using System.Text;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// One node of a cluster: a real <c>relay run</c> process (<see cref="RelayProcess"/>) with its own data folder and
/// ports, kept across a SIGKILL and a restart so that a load balancer in front finds it at the same addresses.
/// </summary>
internal sealed class ClusterNode : IDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly StringBuilder _earlierOutput = new();
    private RelayProcess? _process;

    public ClusterNode(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        DataDirectory = Directory.CreateTempSubdirectory($"relay-node-{name}-").FullName;
        Submission = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.FindFree());
        ApiPort = LoopbackPorts.FindFree();
        KeyZonePort = LoopbackPorts.FindFree();
        _settings = new Dictionary<string, string>(settings)
        {
            ["Relay:DataDirectory"] = DataDirectory,
            ["Relay:Smtp:ServerName"] = $"relay-{name}.test",
            ["Relay:Api:Endpoint"] = $"127.0.0.1:{ApiPort.ToString(CultureInfo.InvariantCulture)}",
            ["Relay:KeyZone:Listen"] = $"127.0.0.1:{KeyZonePort.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public IPEndPoint Submission { get; }

    public int ApiPort { get; }

    public Uri Api => new($"http://127.0.0.1:{ApiPort.ToString(CultureInfo.InvariantCulture)}");

    public int KeyZonePort { get; }

    /// <summary>The messages in this node's spool (one envelope file each): zero once its queue has drained.</summary>
    public int QueuedMessages
    {
        get
        {
            var envelopes = Path.Combine(DataDirectory, "spool", "env");
            return Directory.Exists(envelopes) ? Directory.EnumerateFiles(envelopes, "*.json").Count() : 0;
        }
    }

    /// <summary>Whether the node's process is running (started and not ended).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What every process of this node printed so far, for failure messages.</summary>
    public string Output => $"--- node {Name} ---\n{_earlierOutput}{_process?.Output}";

    /// <summary>Sets one more setting of this node, before it starts (e.g. an address only known once the node's ports are).</summary>
    public void Set(string key, string value) => _settings[key] = value;

    /// <summary>Starts the node (again, on the same data folder and ports) and returns once it greets.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"node {Name} is running");
        }

        _process = await RelayProcess.StartAsync(_settings, Submission);
    }

    /// <summary>SIGKILL, as a crash or the OOM killer ends it.</summary>
    public void Kill()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        _earlierOutput.Append(_process.Output).AppendLine("--- killed ---");
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, as for a planned restart; returns the exit code once the process has ended.</summary>
    public async Task<int> TerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"node {Name} is not running");
        var exitCode = await process.TerminateAsync(TimeSpan.FromSeconds(30));
        _earlierOutput.Append(process.Output).AppendLine("--- stopped ---");
        process.Dispose();
        _process = null;
        return exitCode;
    }

    /// <summary>GET /ready: the status code, or null while nothing answers.</summary>
    public async Task<HttpStatusCode?> ReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(Api, "ready"), cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Kill();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
