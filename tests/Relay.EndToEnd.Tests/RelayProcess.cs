using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The real relay as a child process (<c>dotnet relay.dll</c>, settings on the command line, no Relay__ variables
/// from the developer's environment), on fresh loopback ports, so that a test can SIGKILL it.
/// </summary>
internal sealed class RelayProcess : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RelayProcess(Process process, IPEndPoint submission)
    {
        _process = process;
        Submission = submission;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IPEndPoint Submission { get; }

    public int ProcessId => _process.Id;

    /// <summary>Whether the process has ended (a crash, when nobody stopped it).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The most memory the process has held resident so far (Linux <c>VmHWM</c>), in bytes.</summary>
    public long PeakResidentBytes => ProcessMemory.PeakResidentBytes(_process.Id);

    /// <summary>What the relay printed so far, for failure messages.</summary>
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
    /// Starts the relay and returns once it greets on its submission port: <paramref name="submission"/>, when a
    /// restart must keep the address a load balancer knows, or a fresh loopback port.
    /// </summary>
    public static async Task<RelayProcess> StartAsync(IReadOnlyDictionary<string, string> settings, IPEndPoint? submission = null)
    {
        submission ??= new IPEndPoint(IPAddress.Loopback, SmtpSink.UnusedPort());
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in start.Environment.Keys.Where(key => key.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relay.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add($"--Relay:Listeners:Submission={submission}");
        start.ArgumentList.Add($"--Relay:Listeners:ImplicitTls=127.0.0.1:{SmtpSink.UnusedPort().ToString(CultureInfo.InvariantCulture)}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var relay = new RelayProcess(Process.Start(start)!, submission);
        try
        {
            await relay.WaitUntilGreetingAsync();
            return relay;
        }
        catch
        {
            relay.Kill();
            relay.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no cleanup.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as a service manager stops it, and waits (bounded) for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"relay did not exit within {limit} of SIGTERM:\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
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

    private async Task WaitUntilGreetingAsync()
    {
        using var deadline = new CancellationTokenSource(StartLimit);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"relay exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Submission, deadline.Token);
                using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                if ((await reader.ReadLineAsync(deadline.Token))?.StartsWith("220", StringComparison.Ordinal) == true)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"relay did not greet within {StartLimit}:\n{Output}");
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
