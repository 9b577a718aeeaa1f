using Relay.Testing;

namespace Relay.Container.Tests;

/// <summary>
/// The image as the README runs it, with its own ports: 587, 465, 53 (UDP and TCP) and 8025, bound by uid 10025 under
/// podman with no sysctl and no added capability. Its own network namespace (<c>--network none</c>) keeps those ports
/// off the host's. Builds the image itself (the build is cached by podman when ContainerTests built it first).
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DefaultPortsTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ListeningWithin = TimeSpan.FromSeconds(90);

    [Test]
    public async Task The_image_binds_its_privileged_default_ports_as_uid_10025_without_a_sysctl()
    {
        ExternalTool.Require(Podman.Path, "podman");
        ExternalTool.Require("/usr/sbin/debootstrap", "debootstrap");
        if (!Environment.IsPrivilegedProcess)
        {
            if (ExternalTool.RunningInCi)
            {
                Assert.Fail("the container test runs debootstrap and rootful podman, so it needs root.");
            }

            Assert.Ignore("the container test runs debootstrap and rootful podman, so it needs root.");
        }

        var root = RepositoryRoot.Find();
        var podman = new Podman(Path.Combine(root, "tests", "Relay.Container.Tests", "containers.conf"));
        var image = await RelayImage.BuildAsync(podman, root);
        var name = "relay-ports-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await podman.CheckedAsync(CommandTimeout, "run", "--detach", "--name", name, "--network", "none",
                "--env", "Relay__Provider__Domain=relay-provider.example", image.Name);
            var logs = await WaitForListenersAsync(podman, name);

            Assert.That(logs, Does.Contain("SMTP listening on 0.0.0.0:587").And.Contain("SMTP listening on 0.0.0.0:465")
                .And.Contain("UDP 0.0.0.0:53 and TCP 0.0.0.0:53").And.Contain("SES API listening (http) on 0.0.0.0:8025"), logs);
            Assert.That((await podman.CheckedAsync(CommandTimeout, "exec", name, "/app/relay", "health")).Trim(), Does.Not.Contain("fail"));
            Assert.That((await podman.CheckedAsync(CommandTimeout, "exec", name, "id", "-u")).Trim(), Is.EqualTo("10025"));
            Assert.That((await podman.CheckedAsync(CommandTimeout, "exec", name, "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start")).Trim(),
                Is.EqualTo("1024"), "the ports must be bound without lowering the unprivileged port range");
            Assert.That((await podman.CheckedAsync(CommandTimeout, "inspect", "--format", "{{.State.Status}}", name)).Trim(), Is.EqualTo("running"));
        }
        finally
        {
            await podman.RunAsync(CommandTimeout, "rm", "--force", "--time", "0", name);
        }
    }

    private static async Task<string> WaitForListenersAsync(Podman podman, string name)
    {
        var deadline = DateTime.UtcNow + ListeningWithin;
        while (true)
        {
            var logs = await podman.RunAsync(CommandTimeout, "logs", name);
            var text = logs.StandardOutput + logs.StandardError;
            if (text.Contains("SMTP listening on 0.0.0.0:465", StringComparison.Ordinal))
            {
                return text;
            }

            var state = (await podman.RunAsync(CommandTimeout, "inspect", "--format", "{{.State.Status}}", name)).StandardOutput.Trim();
            if (state != "running" || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the container ({state}) never listened on its default ports:\n{text}");
            }

            await Task.Delay(500);
        }
    }
}
