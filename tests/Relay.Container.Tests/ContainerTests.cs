using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Relay.Testing;

namespace Relay.Container.Tests;

/// <summary>
/// Builds the repository's Dockerfile with podman on Debian-made stand-ins for the base images, then runs the image
/// as an operator would: host folder as /data, host networking, settings from environment variables, the account's
/// password from a mounted secret file. Containers are removed after each test; the images stay cached.
/// </summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerTests
{
    private const int RelayUid = 10025;
    private const string CustomerDomain = "example.com";
    private const string CustomerSelector = "s1";
    private const string ProviderDomain = "relay-provider.example";
    private const string ProviderSelector = "relay";

    private Podman _podman = null!;
    private RelayImage _image = null!;
    private string _workFolder = null!;
    private string _buildSummary = string.Empty;

    [OneTimeSetUp]
    public async Task BuildImage()
    {
        ExternalTool.Require(Podman.Path, "podman");
        ExternalTool.Require("/usr/sbin/runc", "runc");
        ExternalTool.Require("/usr/sbin/debootstrap", "debootstrap");
        ExternalTool.Require(SwaksSubmission.Path, "swaks");
        if (!Environment.IsPrivilegedProcess)
        {
            const string Reason = "the container test runs debootstrap and rootful podman, so it needs root.";
            if (ExternalTool.RunningInCi)
            {
                Assert.Fail(Reason);
            }

            Assert.Ignore(Reason);
        }

        var root = RepositoryRoot.Find();
        _podman = new Podman(Path.Combine(root, "tests", "Relay.Container.Tests", "containers.conf"));
        _workFolder = Directory.CreateTempSubdirectory("relay-container-").FullName;
        _image = await RelayImage.BuildAsync(_podman, root);
        _buildSummary =
            $"base images {_image.RuntimeImage} and {_image.SdkImage}: {_image.BaseImagesTime.TotalSeconds:F1} s; " +
            $"podman build {_image.Name}: {_image.BuildTime.TotalSeconds:F1} s; " +
            $"image size {_image.SizeBytes} bytes ({_image.SizeBytes / 1_000_000.0:F1} MB)";
        await TestContext.Progress.WriteLineAsync(_buildSummary);
    }

    [SetUp]
    public async Task PrintBuildSummary() => await TestContext.Out.WriteLineAsync(_buildSummary);

    [OneTimeTearDown]
    public void RemoveWorkFolder()
    {
        if (_workFolder is not null && Directory.Exists(_workFolder))
        {
            Directory.Delete(_workFolder, recursive: true);
        }
    }

    [Test]
    public async Task Signs_with_both_keys_as_the_non_root_user_and_writes_only_under_data()
    {
        await using var sink = new HeldReplySink();
        var (settings, password) = await NewSettingsAsync(sink.Port);
        await using var relay = await StartHealthyAsync(settings);

        var records = await CreateIdentityAsync(relay);
        var provider = DkimTxtRecord.FindIn(await relay.ExecAsync("/app/relay", "provider", "dns"));
        records[provider.Name] = provider.Value;
        Assert.That(provider.Name, Is.EqualTo(DkimVerifiers.RecordName(ProviderSelector, ProviderDomain)));

        var message = await SendAndReceiveAsync(relay, sink, password);
        await AssertBothSignaturesPassAsync(message, records);

        // The key zone's responder answers from inside the container: the provider's own selector, over UDP and TCP.
        var digPath = ExternalTool.Require("dig", "dnsutils");
        foreach (var transport in new[] { "+notcp", "+tcp" })
        {
            var dig = await ExternalTool.RunAsync(digPath,
                ["-p", settings.KeyZonePort.ToString(CultureInfo.InvariantCulture), "@127.0.0.1", $"{ProviderSelector}.dkim.{ProviderDomain}", "TXT", "+short", transport],
                stdin: null, TimeSpan.FromSeconds(20));
            var publicKey = provider.Value[(provider.Value.IndexOf("p=", StringComparison.Ordinal) + 2)..];
            Assert.That(dig.StandardOutput, Does.Contain("v=DKIM1; k=rsa; p=" + publicKey[..40]), $"dig {transport}: {dig.StandardOutput}");
        }

        // The HTTP endpoint (SES API, /metrics, /confirm-email) answers from inside the container too.
        using (var http = new System.Net.Http.HttpClient())
        {
            var health = await http.GetAsync(new Uri($"http://127.0.0.1:{settings.ApiPort.ToString(CultureInfo.InvariantCulture)}/health"));
            Assert.That((int)health.StatusCode, Is.EqualTo(200), "GET /health on the API endpoint");
        }

        var uid = (await relay.ExecAsync("id", "-u")).Trim();
        var top = await _podman.CheckedAsync(TimeSpan.FromSeconds(60), "top", relay.Name, "huser", "args");
        var changes = await relay.DiffAsync();
        var podmansOwn = await BaselineDiffAsync(settings);
        await TestContext.Out.WriteLineAsync($"podman top:{Environment.NewLine}{top}podman diff: {string.Join(", ", changes)}");
        Assert.Multiple(() =>
        {
            Assert.That(uid, Is.EqualTo(RelayUid.ToString(CultureInfo.InvariantCulture)), "uid of commands run in the container");
            Assert.That(
                top.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(line => line.Contains("/app/relay", StringComparison.Ordinal)),
                Has.Some.StartsWith(RelayUid.ToString(CultureInfo.InvariantCulture)).And.All.StartsWith(RelayUid.ToString(CultureInfo.InvariantCulture)),
                "host uid of the relay process (podman top huser)");
            // What podman itself adds to any container of this image with these mounts (mount points for /etc/hosts,
            // /etc/resolv.conf, the secret file) is allowed; anything else outside /data was written by Relay.
            Assert.That(
                changes.Where(change => !change[2..].StartsWith("/data", StringComparison.Ordinal)),
                Is.SubsetOf(podmansOwn),
                "changes outside /data beyond podman's own mount points");
            Assert.That(File.Exists(Path.Combine(settings.DataDirectory, "relay.db")), "relay.db under the host's /data folder");
        });
    }

    [Test]
    public async Task A_restart_on_the_same_data_keeps_the_identity_and_the_provider_key()
    {
        await using var sink = new HeldReplySink();
        var (settings, password) = await NewSettingsAsync(sink.Port);
        Dictionary<string, string> records;
        DkimTxtRecord providerBefore;
        await using (var first = await StartHealthyAsync(settings))
        {
            records = await CreateIdentityAsync(first);
            providerBefore = DkimTxtRecord.FindIn(await first.ExecAsync("/app/relay", "provider", "dns"));
            records[providerBefore.Name] = providerBefore.Value;
            await first.StopAsync(graceSeconds: 20);
        }

        await using var second = await StartHealthyAsync(settings);
        var providerAfter = DkimTxtRecord.FindIn(await second.ExecAsync("/app/relay", "provider", "dns"));
        var identityAfter = DkimTxtRecord.FindIn(
            await second.ExecAsync("/app/relay", "identity", "dns", "--account", RelayContainer.AccountName, "--identity", CustomerDomain));
        Assert.Multiple(() =>
        {
            Assert.That(providerAfter, Is.EqualTo(providerBefore), "provider TXT record after the restart");
            Assert.That(identityAfter.Value, Is.EqualTo(records[identityAfter.Name]), "identity TXT record after the restart");
        });

        // Verified only with the records printed before the restart: the same keys signed.
        var message = await SendAndReceiveAsync(second, sink, password);
        await AssertBothSignaturesPassAsync(message, records);
    }

    [Test]
    public async Task Sigterm_with_a_message_in_flight_lets_the_client_get_its_reply()
    {
        await using var sink = new HeldReplySink();
        var (queueSettings, password) = await NewSettingsAsync(sink.Port);
        // The client waits for the next hop's verdict only when Relay forwards inside the session; in queue mode it
        // has its 250 once the message is on disk, and the spool carries it across the restart.
        var settings = queueSettings with { DeliveryMode = "Session" };
        await using var relay = await StartHealthyAsync(settings);
        await CreateIdentityAsync(relay);

        var received = sink.HoldNextReply();
        var subject = "in flight " + Guid.NewGuid().ToString("N");
        var sending = SwaksSubmission.SendAsync(settings.SubmissionPort, password, "news@" + CustomerDomain, subject);
        await received.WaitAsync(TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        var stopping = relay.StopAsync(graceSeconds: 20);
        await WaitUntilRefusedAsync(settings.SubmissionPort);
        // Relay has taken SIGTERM (its listeners are closed) while the message is still unanswered at the next hop.
        Assert.That(sending.IsCompleted, Is.False, "the client must still be waiting for its reply");
        sink.Release();

        var sent = await sending;
        await stopping;
        var stopTime = clock.Elapsed;
        var exitCode = await relay.ExitCodeAsync();
        var logs = await relay.LogsAsync();
        await TestContext.Out.WriteLineAsync($"stopped {stopTime.TotalSeconds:F1} s after SIGTERM, exit code {exitCode}");

        // The client got its 250 and the next hop has the message: nothing accepted was lost; and Relay exited by
        // itself within the grace period rather than being killed (137).
        var accepted = sink.Accepted.Where(m => Encoding.ASCII.GetString(m).Contains(subject, StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(SwaksSubmission.ReplyToEndOfData(sent), Does.StartWith("<~  250"), sent.StandardOutput + sent.StandardError);
            Assert.That(sent.ExitCode, Is.Zero, "swaks exit code");
            Assert.That(accepted, Has.Count.EqualTo(1), "messages the next hop accepted");
            Assert.That(exitCode, Is.Zero, "Relay's exit code after SIGTERM; its log:" + Environment.NewLine + logs);
            Assert.That(stopTime, Is.LessThan(TimeSpan.FromSeconds(20)), "time to stop");
        });
    }

    private async Task<(RelayContainerSettings Settings, string Password)> NewSettingsAsync(int nextHopPort)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_workFolder, Guid.NewGuid().ToString("N")[..8])).FullName;
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var secret = Path.Combine(folder, "shop.secret");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await File.WriteAllTextAsync(secret, password);
        File.SetUnixFileMode(secret, UnixFileMode.UserRead);
        foreach (var path in new[] { data, secret })
        {
            var chown = await ExternalTool.RunAsync(
                "/bin/chown", [$"{RelayUid}:{RelayUid}", path], stdin: null, TimeSpan.FromSeconds(10));
            Assert.That(chown.ExitCode, Is.Zero, chown.StandardError);
        }

        var settings = new RelayContainerSettings(
            data, secret, SmtpSink.UnusedPort(), SmtpSink.UnusedPort(), nextHopPort, ProviderDomain, Relay.Testing.Dns.LoopbackPorts.FindFree(),
            SmtpSink.UnusedPort());
        return (settings, password);
    }

    private async Task<RelayContainer> StartHealthyAsync(RelayContainerSettings settings)
    {
        var container = await RelayContainer.StartAsync(_podman, _image.Name, settings);
        try
        {
            var healthy = await container.WaitHealthyAsync();
            await TestContext.Out.WriteLineAsync($"{container.Name}: healthy {healthy.TotalSeconds:F1} s after podman run");
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    private static async Task<Dictionary<string, string>> CreateIdentityAsync(RelayContainer relay)
    {
        var output = await relay.ExecAsync(
            "/app/relay", "identity", "add", "--account", RelayContainer.AccountName, "--identity", CustomerDomain,
            "--selector", CustomerSelector, "--generate-key", "2048");
        var record = DkimTxtRecord.FindIn(output);
        Assert.That(record.Name, Is.EqualTo(DkimVerifiers.RecordName(CustomerSelector, CustomerDomain)));
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [record.Name] = record.Value };
    }

    private static async Task<byte[]> SendAndReceiveAsync(RelayContainer relay, HeldReplySink sink, string password)
    {
        var subject = "container " + Guid.NewGuid().ToString("N");
        var sent = await SwaksSubmission.SendAsync(relay.Settings.SubmissionPort, password, "news@" + CustomerDomain, subject);
        Assert.That(SwaksSubmission.ReplyToEndOfData(sent), Does.StartWith("<~  250"),
            $"{sent.StandardOutput}{sent.StandardError}{Environment.NewLine}{await relay.LogsAsync()}");
        // In queue mode (the default) the 250 comes once the message is spooled; delivery follows in the background.
        var deadline = Stopwatch.StartNew();
        while (!sink.Accepted.Any(m => Encoding.ASCII.GetString(m).Contains(subject, StringComparison.Ordinal)) && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        return sink.Accepted.Single(m => Encoding.ASCII.GetString(m).Contains(subject, StringComparison.Ordinal));
    }

    private static async Task AssertBothSignaturesPassAsync(byte[] message, Dictionary<string, string> records)
    {
        var verdicts = await DkimVerifiers.VerifyWithPythonAsync(message, records);
        Assert.That(
            verdicts.Select(v => (v.Domain, v.Selector, v.Result)),
            Is.EquivalentTo(new[] { (CustomerDomain, CustomerSelector, "pass"), (ProviderDomain, ProviderSelector, "pass") }),
            DkimVerdict.Describe(verdicts));
    }

    /// <summary>The changes podman makes to a container of the image with the same mounts that runs only /bin/true.</summary>
    private async Task<IReadOnlyList<string>> BaselineDiffAsync(RelayContainerSettings settings)
    {
        var name = "relay-baseline-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await _podman.CheckedAsync(
                TimeSpan.FromSeconds(60), [.. RelayContainer.RunArguments(name, settings), "--entrypoint", "/bin/true", _image.Name]);
            await _podman.CheckedAsync(TimeSpan.FromSeconds(60), "wait", name);
            return (await _podman.CheckedAsync(TimeSpan.FromSeconds(60), "diff", name))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            await _podman.RunAsync(TimeSpan.FromSeconds(60), "rm", "--force", name);
        }
    }

    /// <summary>Waits (at most 15 s) until nothing accepts connections on the port: Relay has closed its listeners.</summary>
    private static async Task WaitUntilRefusedAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Fail($"127.0.0.1:{port} still accepted connections 15 s after SIGTERM");
    }
}
