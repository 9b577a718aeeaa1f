using System.Diagnostics;
using Relay.Testing;

namespace Relay.Host.Tests.Support;

/// <summary>
/// Runs the built relay (relay.dll beside the tests) as a child process, the way an operator runs it, with a private
/// data folder and settings that keep it off the network: loopback listeners (never started by a command), no key
/// zone responder, and DNS checks pointed at a resolver that does not answer.
/// </summary>
internal sealed class RelayProgram : IDisposable
{
    public const string ProviderDomain = "relay.example.net";
    public const string KeyZone = "dkim.relay.example.net";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    public RelayProgram()
    {
        DataDirectory = Directory.CreateTempSubdirectory("relay-cli-").FullName;
        DeadResolverPort = Relay.Testing.Dns.LoopbackPorts.FindFree();
        CommonArguments =
        [
            $"--Relay:DataDirectory={DataDirectory}",
            $"--Relay:Provider:Domain={ProviderDomain}",
            "--Relay:Listeners:Submission=127.0.0.1:0",
            "--Relay:Listeners:ImplicitTls=127.0.0.1:0",
            "--Relay:KeyZone:Enabled=false",
            $"--Relay:DnsChecks:Resolver=127.0.0.1:{DeadResolverPort}",
            "--Relay:DnsChecks:Timeout=00:00:00.200",
            "--Relay:DnsChecks:Retries=0",
            "--Relay:Identities:VerifyDomainDkimInterval=00:00:00",
        ];
    }

    public string DataDirectory { get; }

    public int DeadResolverPort { get; }

    public IReadOnlyList<string> CommonArguments { get; }

    /// <summary>Runs <c>relay ARGS</c> with the common settings appended.</summary>
    public Task<ToolResult> RunAsync(params string[] arguments) => RunRawAsync([.. arguments, .. CommonArguments]);

    /// <summary>Runs <c>relay ARGS</c> as given, in the data folder unless told otherwise, with extra environment variables.</summary>
    public async Task<ToolResult> RunRawAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? DataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "relay.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The developer's own Relay__* variables must not change what the program under test sees.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("Relay__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("XDG_DATA_HOME");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start relay");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"relay {string.Join(' ', arguments)} did not finish within {CommandTimeout}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(DataDirectory, recursive: true);
}
