using System.Diagnostics;
using System.Text;

namespace Relay.Testing.Dns;

/// <summary>A daemon run in the foreground as a child process, its output kept for error messages; disposing kills it.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private DaemonProcess(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the daemon printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    public static DaemonProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var daemon = new DaemonProcess(process);
        process.OutputDataReceived += (_, line) => daemon.Append(line.Data);
        process.ErrorDataReceived += (_, line) => daemon.Append(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(ExitWait);
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to kill.
        }
        catch (OperationCanceledException)
        {
            // SIGKILL was sent; a process that still has not exited is left to the kernel.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }
}
