using System.Diagnostics;
using System.Globalization;
using System.Text;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// <c>relay run</c> as a child process over a <see cref="RelayProgram"/>'s data folder, ready once it has written its
/// PID beside the data folder's lock; the other commands of the test then run against that live folder.
/// </summary>
internal sealed class RunningServer : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningServer(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="relay">The data folder and common settings.</param>
    /// <param name="extraArguments">More settings for this run (e.g. <c>--Relay:Smtp:MaxConnections=5</c>).</param>
    public static async Task<RunningServer> StartAsync(RelayProgram relay, params string[] extraArguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = relay.DataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relay.dll"));
        start.ArgumentList.Add("run");
        foreach (var argument in relay.CommonArguments.Append("--Relay:Api:Endpoint=127.0.0.1:0").Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var server = new RunningServer(Process.Start(start) ?? throw new InvalidOperationException("could not start relay"));
        var pidFile = Path.Combine(relay.DataDirectory, "relay.pid");
        var deadline = DateTime.UtcNow + StartLimit;
        while (!server.OwnsPidFile(pidFile) || !server.Output.Contains("SMTP listening on", StringComparison.OrdinalIgnoreCase))
        {
            if (server.HasExited || DateTime.UtcNow > deadline)
            {
                var output = server.Output;
                server.Dispose();
                throw new InvalidOperationException($"relay run did not start:\n{output}");
            }

            await Task.Delay(100);
        }

        return server;
    }

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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private bool OwnsPidFile(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim() == _process.Id.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
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
