using System.Diagnostics;
using System.Globalization;

namespace Relay.Container.Tests;

/// <summary>
/// One running Relay container: host networking, a host folder as /data, the account's password as a mounted secret
/// file, and every setting as a <c>Relay__…</c> environment variable. Disposing removes it (the image stays).
/// </summary>
internal sealed class RelayContainer : IAsyncDisposable
{
    public const string AccountName = "shop";
    public const string SecretPath = "/run/secrets/shop";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly Podman _podman;
    private readonly Stopwatch _sinceRun;

    private RelayContainer(Podman podman, string name, RelayContainerSettings settings, Stopwatch sinceRun)
    {
        _podman = podman;
        Name = name;
        Settings = settings;
        _sinceRun = sinceRun;
    }

    public string Name { get; }

    public RelayContainerSettings Settings { get; }

    /// <summary>The <c>podman run</c> arguments for these settings (also used for the baseline container).</summary>
    public static string[] RunArguments(string name, RelayContainerSettings settings) =>
    [
        "run", "--detach", "--name", name, "--network", "host",
        "--volume", settings.DataDirectory + ":/data",
        "--volume", settings.SecretFile + ":" + SecretPath + ":ro",
        "--env", "Relay__Listeners__Submission=127.0.0.1:" + Invariant(settings.SubmissionPort),
        "--env", "Relay__Listeners__ImplicitTls=127.0.0.1:" + Invariant(settings.ImplicitTlsPort),
        "--env", "Relay__KeyZone__Listen=127.0.0.1:" + Invariant(settings.KeyZonePort),
        "--env", "Relay__Delivery__Mode=" + settings.DeliveryMode,
        "--env", "Relay__Api__Endpoint=127.0.0.1:" + Invariant(settings.ApiPort),
        "--env", "Relay__NextHop__Host=127.0.0.1",
        "--env", "Relay__NextHop__Port=" + Invariant(settings.NextHopPort),
        "--env", "Relay__NextHop__TlsMode=None",
        "--env", "Relay__Provider__Domain=" + settings.ProviderDomain,
        "--env", "Relay__Accounts__0__Name=" + AccountName,
        "--env", "Relay__Accounts__0__SmtpUserName=" + AccountName,
        "--env", "Relay__Accounts__0__SmtpPasswordFile=" + SecretPath,
    ];

    public static async Task<RelayContainer> StartAsync(Podman podman, string image, RelayContainerSettings settings)
    {
        var name = "relay-test-" + Guid.NewGuid().ToString("N")[..12];
        var sinceRun = Stopwatch.StartNew();
        var container = new RelayContainer(podman, name, settings, sinceRun);
        try
        {
            await podman.CheckedAsync(CommandTimeout, [.. RunArguments(name, settings), image]);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        return container;
    }

    /// <summary>
    /// Runs the image's HEALTHCHECK (<c>podman healthcheck run</c>) until it passes; returns the time since
    /// <c>podman run</c> was started. Throws with the container's log if it is not healthy within a minute.
    /// </summary>
    public async Task<TimeSpan> WaitHealthyAsync()
    {
        while (_sinceRun.Elapsed < HealthyWithin)
        {
            var check = await _podman.RunAsync(CommandTimeout, "healthcheck", "run", Name);
            if (check.ExitCode == 0)
            {
                return _sinceRun.Elapsed;
            }

            if (await StateAsync() != "running")
            {
                break;
            }

            await Task.Delay(PollInterval);
        }

        throw new InvalidOperationException($"{Name} did not become healthy:{Environment.NewLine}{await LogsAsync()}");
    }

    /// <summary>Runs a command inside the container (as its user) and returns its standard output.</summary>
    public Task<string> ExecAsync(params string[] command) => _podman.CheckedAsync(CommandTimeout, ["exec", Name, .. command]);

    public async Task<string> StateAsync() =>
        (await _podman.CheckedAsync(CommandTimeout, "inspect", "--format", "{{.State.Status}}", Name)).Trim();

    public async Task<int> ExitCodeAsync() =>
        int.Parse((await _podman.CheckedAsync(CommandTimeout, "inspect", "--format", "{{.State.ExitCode}}", Name)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>SIGTERM (the image's STOPSIGNAL), then SIGKILL after <paramref name="graceSeconds"/>.</summary>
    public Task StopAsync(int graceSeconds) =>
        _podman.CheckedAsync(TimeSpan.FromSeconds(graceSeconds + 60), "stop", "--time", Invariant(graceSeconds), Name);

    /// <summary>The container's changes to its image, as "A /path", "C /path", "D /path" lines.</summary>
    public async Task<IReadOnlyList<string>> DiffAsync() =>
        (await _podman.CheckedAsync(CommandTimeout, "diff", Name)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public async Task<string> LogsAsync()
    {
        var logs = await _podman.RunAsync(CommandTimeout, "logs", Name);
        return logs.StandardOutput + logs.StandardError;
    }

    public async ValueTask DisposeAsync() => await _podman.RunAsync(CommandTimeout, "rm", "--force", "--time", "0", Name);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
