using System.Diagnostics;

namespace Relay.Testing;

/// <summary>
/// Finds and runs the Debian tools that the tests use as independent peers.
/// A missing tool skips the test when run by hand, and fails it under CI=true,
/// so that CI can never go green by skipping the peers.
/// </summary>
public static class ExternalTool
{
    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="path"/> or skips/fails the test.</summary>
    public static string Require(string path, string debianPackage)
    {
        var found = Resolve(path);
        if (found is not null)
        {
            return found;
        }

        var reason = $"{path} is not installed (Debian package {debianPackage}).";
        if (RunningInCi)
        {
            Assert.Fail(reason + " CI=true, so a missing peer is a failure.");
        }

        Assert.Ignore(reason + " Skipped because this is not CI; install it to run this test.");
        return path;
    }

    /// <summary>Skips (or fails under CI) unless the check command exits 0, e.g. a Perl or Python module probe.</summary>
    public static void RequireModule(string interpreter, string[] probeArguments, string debianPackage)
    {
        var exe = Require(interpreter, debianPackage);
        var result = RunAsync(exe, probeArguments, stdin: null, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (result.ExitCode == 0)
        {
            return;
        }

        var reason = $"{string.Join(' ', probeArguments)} failed: {debianPackage} is not installed.";
        if (RunningInCi)
        {
            Assert.Fail(reason + " CI=true, so a missing peer is a failure.");
        }

        Assert.Ignore(reason);
    }

    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, byte[]? stdin, TimeSpan timeout, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        using var cts = new CancellationTokenSource(timeout);
        var stdoutTask = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderrTask = process.StandardError.ReadToEndAsync(cts.Token);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cts.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}");
        }

        return new ToolResult(process.ExitCode, await stdoutTask, await stderrTask);
    }

    private static string? Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path) ? path : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, path))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>What a finished tool printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
