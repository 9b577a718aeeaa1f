using System.Diagnostics;
using System.Globalization;

namespace Relay.Container.Tests;

/// <summary>
/// The Relay image built from the repository's Dockerfile on local stand-ins for the official base images
/// (make-base-images.sh: Debian bookworm minbase, plus this machine's .NET SDK for the build stage).
/// </summary>
internal sealed record RelayImage(string Name, string RuntimeImage, string SdkImage, long SizeBytes, TimeSpan BaseImagesTime, TimeSpan BuildTime)
{
    public const string Tag = "localhost/relay:test";

    private static readonly TimeSpan BaseImagesTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    public static async Task<RelayImage> BuildAsync(Podman podman, string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "tests", "Relay.Container.Tests", "make-base-images.sh");
        var clock = Stopwatch.StartNew();
        var bases = await podman.RunWithConfigurationAsync(BaseImagesTimeout, "/bin/bash", script);
        if (bases.ExitCode != 0)
        {
            throw new InvalidOperationException($"make-base-images.sh exited {bases.ExitCode}:{Environment.NewLine}{bases.StandardError}");
        }

        var baseImagesTime = clock.Elapsed;
        var runtimeImage = Value(bases.StandardOutput, "RUNTIME_IMAGE=");
        var sdkImage = Value(bases.StandardOutput, "SDK_IMAGE=");

        clock.Restart();
        // --format docker: the OCI image format has no HEALTHCHECK, and podman would drop it.
        await podman.CheckedAsync(
            BuildTimeout, "build", "--format", "docker", "--network", "host",
            "--build-arg", "SDK_IMAGE=" + sdkImage, "--build-arg", "RUNTIME_IMAGE=" + runtimeImage,
            "-t", Tag, repositoryRoot);
        var buildTime = clock.Elapsed;

        var size = await podman.CheckedAsync(TimeSpan.FromSeconds(30), "image", "inspect", "--format", "{{.Size}}", Tag);
        return new RelayImage(Tag, runtimeImage, sdkImage, long.Parse(size.Trim(), CultureInfo.InvariantCulture), baseImagesTime, buildTime);
    }

    private static string Value(string output, string prefix) =>
        output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
        ?? throw new InvalidOperationException($"make-base-images.sh printed no {prefix}: {output}");
}
