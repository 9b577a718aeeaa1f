using Relay.Testing;

namespace Relay.Container.Tests;

/// <summary>
/// Runs podman the way these machines need it: runc as the runtime (crun refuses the hybrid cgroup setup) and the
/// test's containers.conf (no default ulimits, cgroupfs), passed through the environment of each call only.
/// </summary>
internal sealed class Podman(string containersConf)
{
    public const string Path = "/usr/bin/podman";

    private const string Env = "/usr/bin/env";

    public string ContainersConf { get; } = containersConf;

    public Task<ToolResult> RunAsync(TimeSpan timeout, params string[] arguments) =>
        ExternalTool.RunAsync(Env, ["CONTAINERS_CONF=" + ContainersConf, Path, "--runtime", "runc", .. arguments], stdin: null, timeout);

    /// <summary>Runs podman and returns its standard output; a non-zero exit throws with everything it printed.</summary>
    public async Task<string> CheckedAsync(TimeSpan timeout, params string[] arguments)
    {
        var result = await RunAsync(timeout, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"podman {string.Join(' ', arguments)} exited {result.ExitCode}:{Environment.NewLine}{result.StandardOutput}{result.StandardError}");
        }

        return result.StandardOutput;
    }

    /// <summary>Runs a program (a script) with this podman configuration in its environment.</summary>
    public Task<ToolResult> RunWithConfigurationAsync(TimeSpan timeout, string program, params string[] arguments) =>
        ExternalTool.RunAsync(Env, ["CONTAINERS_CONF=" + ContainersConf, program, .. arguments], stdin: null, timeout);
}
