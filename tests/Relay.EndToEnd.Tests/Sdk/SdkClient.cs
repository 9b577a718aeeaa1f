using System.Text;
using System.Text.Json;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// One SES SDK that real applications use, driven against Relay's API with an account's access key: Debian's boto3
/// 1.26 (python3-boto3), the current boto3 1.43 (the pip install beside the pip awscli), and the AWS SDK for
/// JavaScript v3 (<c>@aws-sdk/client-ses</c> and <c>client-sesv2</c>, npm, pinned in tests/SdkClients). Each call
/// runs the SDK in a child process (tests/SdkClients/call.mjs or boto3_call.py) with one attempt, so a throttling
/// reply shows at once, and no shared AWS configuration or credentials file.
/// </summary>
internal sealed class SdkClient
{
    public const string Boto3DebianName = "boto3-1.26";
    public const string Boto3CurrentName = "boto3-1.43";
    public const string JsV3Name = "js-sdk-v3";

    /// <summary>For <c>[TestFixtureSource(typeof(SdkClient), nameof(Names))]</c>: every SDK, by name.</summary>
    public static readonly string[] Names = [Boto3DebianName, Boto3CurrentName, JsV3Name];

    private const string DebianPython = "/usr/bin/python3";
    private const string PipPython = "/root/.pyenv/versions/3.11.7/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _interpreter;
    private readonly string _script;

    private SdkClient(string name, string interpreter, string script, Uri endpoint, string region, string accessKeyId, string secret)
    {
        Name = name;
        _interpreter = interpreter;
        _script = script;
        Endpoint = endpoint;
        Region = region;
        AccessKeyId = accessKeyId;
        Secret = secret;
    }

    public string Name { get; }

    public Uri Endpoint { get; }

    public string Region { get; }

    public string AccessKeyId { get; }

    public string Secret { get; }

    /// <summary>
    /// The SDK called <paramref name="name"/> (one of <see cref="Names"/>) with shop's key; skips or, under CI=true,
    /// fails the test when the SDK is not installed.
    /// </summary>
    public static SdkClient Create(string name, ApiRelay relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var folder = SdkClientsFolder();
        var (interpreter, script) = name switch
        {
            Boto3DebianName => (RequireBoto3(DebianPython, "python3-boto3"), Path.Combine(folder, "boto3_call.py")),
            Boto3CurrentName => (RequireBoto3(PipPython, "boto3 1.43 (pip, beside the pip awscli)"), Path.Combine(folder, "boto3_call.py")),
            JsV3Name => (RequireJsSdk(folder), Path.Combine(folder, "call.mjs")),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an SDK the tests know"),
        };
        return new SdkClient(name, interpreter, script, relay.Endpoint, ApiRelay.Region, relay.ShopKey.Id, relay.ShopKey.Secret);
    }

    /// <summary>Debian's boto3 (python3-boto3).</summary>
    public static SdkClient Boto3(ApiRelay relay) => Create(Boto3DebianName, relay);

    /// <summary>The AWS SDK for JavaScript v3.</summary>
    public static SdkClient JsV3(ApiRelay relay) => Create(JsV3Name, relay);

    /// <summary>A blob parameter (RawMessage.Data, Raw.Data, Attachments[].RawContent) as the child scripts read it.</summary>
    public static object Bytes(byte[] data) => new Dictionary<string, string> { ["__bytes"] = Convert.ToBase64String(data) };

    /// <summary>The same SDK with other credentials.</summary>
    public SdkClient As(string accessKeyId, string secret) => new(Name, _interpreter, _script, Endpoint, Region, accessKeyId, secret);

    /// <summary>
    /// Calls <paramref name="operation"/> (the API's PascalCase name, e.g. <c>SendEmail</c>) of <paramref name="service"/>
    /// (<c>ses</c> for v1, <c>sesv2</c>) with <paramref name="parameters"/> serialised as the operation's input shape.
    /// </summary>
    public async Task<SdkResult> CallAsync(string service, string operation, object? parameters = null)
    {
        var input = parameters is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(parameters);
        var start = new System.Diagnostics.ProcessStartInfo(_interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_script)!,
        };
        start.ArgumentList.Add(_script);
        start.ArgumentList.Add(service);
        start.ArgumentList.Add(operation);
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["RELAY_ENDPOINT"] = Endpoint.ToString().TrimEnd('/');
        start.Environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
        start.Environment["AWS_REGION"] = Region;
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/relay-sdk-config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/relay-sdk-credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {_interpreter}");
        using var cancellation = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancellation.Token);
        await process.StandardInput.BaseStream.WriteAsync(input, cancellation.Token);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} {service} {operation} did not finish within {Timeout}");
        }

        var printed = (await stdout).Trim();
        var call = $"{Name} {service} {operation}";
        Assert.That(process.ExitCode, Is.Zero, $"{call}: the SDK script failed: {await stderr}");
        var line = printed.Split('\n')[^1];
        using var document = JsonDocument.Parse(line);
        return SdkResult.From(call, document.RootElement, await stderr);
    }

    private static string RequireBoto3(string python, string package)
    {
        ExternalTool.RequireModule(python, ["-c", "import boto3"], package);
        return python;
    }

    private static string RequireJsSdk(string folder)
    {
        var node = ExternalTool.Require("node", "nodejs");
        foreach (var package in new[] { "client-ses", "client-sesv2" })
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", package)))
            {
                var reason = $"@aws-sdk/{package} is not installed: run `npm ci --prefix tests/SdkClients`.";
                if (ExternalTool.RunningInCi)
                {
                    Assert.Fail(reason + " CI=true, so a missing peer is a failure.");
                }

                Assert.Ignore(reason);
            }
        }

        return node;
    }

    private static string SdkClientsFolder()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Relay.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Relay.sln not found above the tests"), "tests", "SdkClients");
    }
}
