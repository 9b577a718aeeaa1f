using System.Globalization;
using System.Text.RegularExpressions;
using Relay.Testing;

namespace Relay.Host.Tests.Packaging;

/// <summary>
/// config/relay.service as installed by the README's steps (the published relay at /opt/relay/relay, here the same
/// binary from the test's folder): systemd's own checker accepts it and rates its exposure.
/// </summary>
public sealed partial class RelayServiceFileTests
{
    private const string InstalledPath = "/opt/relay/relay";
    private const double ShippedScoreBefore = 6.2;

    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("relay-unit-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task The_unit_passes_systemd_analyze_verify_once_installed()
    {
        var analyze = ExternalTool.Require("/usr/bin/systemd-analyze", "systemd");
        var unit = await InstallAsync();

        var result = await ExternalTool.RunAsync(analyze, ["verify", unit], stdin: null, TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        Assert.That((result.StandardOutput + result.StandardError).Trim(), Is.Empty);
    }

    [Test]
    public async Task The_unit_is_less_exposed_than_the_shipped_6_2()
    {
        var analyze = ExternalTool.Require("/usr/bin/systemd-analyze", "systemd");
        var unit = await InstallAsync();

        var result = await ExternalTool.RunAsync(analyze, ["security", "--offline=true", unit], stdin: null, TimeSpan.FromMinutes(1));

        var score = ExposureLevel().Match(result.StandardOutput + result.StandardError);
        Assert.That(score.Success, Is.True, result.StandardOutput + result.StandardError);
        Assert.That(double.Parse(score.Groups[1].Value, CultureInfo.InvariantCulture), Is.LessThan(ShippedScoreBefore), result.StandardOutput);
    }

    [Test]
    public async Task The_data_folder_is_owner_only_whatever_the_system_umask()
    {
        var text = await File.ReadAllTextAsync(ShippedUnit());

        Assert.That(text, Does.Contain("\nStateDirectoryMode=0700\n").And.Contain("\nUMask=0077\n")
            .And.Contain("\nEnvironment=Relay__DataDirectory=/var/lib/relay\n"));
    }

    private async Task<string> InstallAsync()
    {
        var text = await File.ReadAllTextAsync(ShippedUnit());
        Assert.That(text, Does.Contain($"ExecStart={InstalledPath} run "));
        var binary = Path.Combine(AppContext.BaseDirectory, "relay");
        var unit = Path.Combine(_folder, "relay.service");
        await File.WriteAllTextAsync(unit, text.Replace(InstalledPath, binary, StringComparison.Ordinal));
        return unit;
    }

    private static string ShippedUnit()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Relay.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Relay.sln not found"), "config", "relay.service");
    }

    [GeneratedRegex(@"Overall exposure level for relay\.service: (\d+\.\d+)")]
    private static partial Regex ExposureLevel();
}
