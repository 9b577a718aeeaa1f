using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Runs one awscli build against Relay's API with an isolated configuration: empty config and credentials files of
/// its own, the key in the environment, <c>--endpoint-url</c>, JSON output, one attempt (so throttling shows at once).
/// </summary>
internal sealed class AwsCli : IDisposable
{
    /// <summary>Debian's package awscli (2.9, its own bundled botocore).</summary>
    public const string DebianV2 = "/usr/bin/aws";

    /// <summary>The pip awscli 1.x on the machine's PATH (botocore 1.43).</summary>
    public const string PipV1 = "/root/.pyenv/shims/aws";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _folder;

    public AwsCli(string path, Uri endpoint, string accessKeyId, string secret, string region)
    {
        Path = ExternalTool.Require(path, path == DebianV2 ? "awscli" : "awscli 1.x (pip, on PATH)");
        Endpoint = endpoint;
        AccessKeyId = accessKeyId;
        Secret = secret;
        Region = region;
        _folder = Directory.CreateTempSubdirectory("relay-awscli-").FullName;
        File.WriteAllText(ConfigFile, string.Empty);
        File.WriteAllText(CredentialsFile, string.Empty);
    }

    public string Path { get; }

    public bool IsVersion2 => Path == DebianV2;

    public Uri Endpoint { get; }

    public string AccessKeyId { get; init; }

    public string Secret { get; init; }

    public string Region { get; }

    private string ConfigFile => System.IO.Path.Combine(_folder, "config");

    private string CredentialsFile => System.IO.Path.Combine(_folder, "credentials");

    /// <summary>The same CLI with other credentials.</summary>
    public AwsCli As(string accessKeyId, string secret) => new(Path, Endpoint, accessKeyId, secret, Region);

    /// <summary>A file in the CLI's folder, for <c>file://</c> arguments.</summary>
    public string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>aws ARGS</c>; a blob (RawMessage.Data) is given as base64 to 2.x and as the text itself to 1.x, each CLI's default.</summary>
    public async Task<AwsCliResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["--endpoint-url", Endpoint.ToString().TrimEnd('/'), "--output", "json"]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_CONFIG_FILE"] = ConfigFile;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile;
        start.Environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        start.Environment["AWS_DEFAULT_REGION"] = Region;
        start.Environment["AWS_RETRY_MODE"] = "standard";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Path}");
        using var cancellation = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancellation.Token);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path} {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        return new AwsCliResult(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>What one awscli run gave.</summary>
internal sealed record AwsCliResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The parsed JSON output; fails the test with the CLI's error when it did not succeed.</summary>
    public JsonElement Json()
    {
        Assert.That(ExitCode, Is.Zero, $"aws {Command} failed ({ExitCode}): {StandardError}");
        return StandardOutput.Trim().Length == 0 ? default : JsonDocument.Parse(StandardOutput).RootElement.Clone();
    }

    /// <summary>Asserts a service error with this code, as the CLI prints it: <c>An error occurred (Code) when calling …</c>.</summary>
    public void AssertError(string code)
    {
        Assert.That(ExitCode, Is.Not.Zero, $"aws {Command} should have failed; it printed {StandardOutput}");
        Assert.That(StandardError, Does.Contain($"An error occurred ({code})"), $"aws {Command} exit {ExitCode.ToString(CultureInfo.InvariantCulture)}");
    }
}
