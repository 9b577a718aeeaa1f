using System.Diagnostics;
using System.Text;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.FirstScreen;

/// <summary>
/// The README's first screen, followed literally in a copy of the clone: the server line builds `relay` and runs it,
/// the second terminal's lines start a sink, add an account and a domain, send with swaks and check both signatures
/// with python3-dkim. Only the README's test command is not run here (it is what runs this test); .ci/run must call it.
/// </summary>
[NonParallelizable]
public sealed class FirstScreenTests
{
    private static readonly TimeSpan ServerStartLimit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SendLimit = TimeSpan.FromMinutes(3);

    [Test]
    public async Task The_first_screen_ends_in_a_delivered_message_whose_two_signatures_verify()
    {
        ExternalTool.Require("/usr/bin/swaks", "swaks");
        ExternalTool.RequireModule("/usr/bin/python3", ["-c", "import aiosmtpd, dkim"], "python3-aiosmtpd python3-dkim");
        var readme = await File.ReadAllTextAsync(Path.Combine(ClonedSources.RepositoryRoot(), "README.md"));
        var serverBlock = ReadmeBlocks.Commands(ReadmeBlocks.Block(readme, "server"));
        var sendBlock = ReadmeBlocks.Block(readme, "send");
        Assert.That(serverBlock, Has.Count.EqualTo(2), "two commands: one runs Relay, one runs the tests");
        Assert.That(serverBlock[1], Is.EqualTo("dotnet test Relay.sln"));
        var ciRun = await File.ReadAllTextAsync(Path.Combine(ClonedSources.RepositoryRoot(), ".ci", "run"));
        Assert.That(ciRun, Does.Contain(serverBlock[1] + " "), ".ci/run calls exactly the README's test command");

        using var clone = ClonedSources.Copy();
        using var server = StartShell(clone, serverBlock[0]);
        try
        {
            await server.WaitForAsync("SMTP listening on 0.0.0.0:2465", ServerStartLimit);
            var send = await RunShellAsync(clone, "set -euo pipefail\n" + sendBlock, SendLimit);

            Assert.That(send.ExitCode, Is.Zero, $"{send.Output}\n--- server ---\n{server.Output}");
            Assert.That(send.Output, Does.Contain("250 2.0.0 Ok "), send.Output);
            Assert.That(send.Output, Does.Contain("d=example.com s=s1: pass").And.Contain("d=relay.localhost s=relay: pass"), send.Output);
            Assert.That(Directory.GetFiles(Path.Combine(clone.Root, ".relay", "sink", "new")), Has.Length.EqualTo(1), $"delivered once\n{send.Output}");
        }
        finally
        {
            await StopSinkAsync();
        }
    }

    private static ShellProcess StartShell(ClonedSources clone, string command) => ShellProcess.Start(clone.Root, command, Environment(clone));

    private static async Task<(int ExitCode, string Output)> RunShellAsync(ClonedSources clone, string script, TimeSpan limit)
    {
        using var shell = ShellProcess.Start(clone.Root, script, Environment(clone));
        var exitCode = await shell.WaitForExitAsync(limit);
        return (exitCode, shell.Output);
    }

    /// <summary>A fresh machine's view: Debian's python3 first, the user's data folder inside the clone's copy.</summary>
    private static Dictionary<string, string> Environment(ClonedSources clone) => new()
    {
        ["PATH"] = "/usr/bin:/bin:" + System.Environment.GetEnvironmentVariable("PATH"),
        ["XDG_DATA_HOME"] = Path.Combine(clone.Root, "xdg"),
    };

    private static async Task StopSinkAsync() =>
        await ExternalTool.RunAsync("pkill", ["-f", "aiosmtpd.handlers.Mailbox .relay/sink"], stdin: null, TimeSpan.FromSeconds(10));

    /// <summary>bash -c COMMAND with its output collected; disposing kills what is still running.</summary>
    private sealed class ShellProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ShellProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, line) => Append(line.Data);
            process.ErrorDataReceived += (_, line) => Append(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
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

        public static ShellProcess Start(string workingDirectory, string command, IReadOnlyDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("/bin/bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
            process.StandardInput.Close();
            return new ShellProcess(process);
        }

        public async Task WaitForAsync(string text, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"'{text}' never appeared:\n{Output}");
                }

                await Task.Delay(200);
            }
        }

        /// <summary>Waits for bash itself: a job it left in the background (the sink) keeps the output pipes open.</summary>
        public async Task<int> WaitForExitAsync(TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!_process.HasExited)
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"did not finish within {limit}:\n{Output}");
                }

                await Task.Delay(200);
            }

            // The last lines may still be on their way through the pipe.
            await Task.Delay(500);
            return _process.ExitCode;
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

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
