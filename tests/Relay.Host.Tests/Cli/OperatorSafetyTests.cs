using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Relay.Host.Tests.Support;
using Relay.Testing;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// What a person at the console can do to a data folder, through the real program: ask for help, mistype, start a
/// second server, run commands beside a live one. Nothing of that may touch a live server's mail.
/// </summary>
[NonParallelizable]
public sealed class OperatorSafetyTests
{
    private RelayProgram _relay = null!;

    [SetUp]
    public void SetUp() => _relay = new RelayProgram();

    [TearDown]
    public void TearDown() => _relay.Dispose();

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    [TestCase("identity", "add", "--help")]
    [TestCase("queue", "list", "-h")]
    public async Task Help_prints_usage_and_creates_nothing(params string[] arguments)
    {
        var result = await _relay.RunAsync(arguments);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput, Does.StartWith("usage:"));
        Assert.That(Directory.EnumerateFileSystemEntries(_relay.DataDirectory), Is.Empty, "help touched the data folder");
    }

    [Test]
    public async Task An_unknown_option_without_a_command_is_a_usage_error_not_a_server()
    {
        var result = await _relay.RunAsync("--bogus");

        Assert.That(result.ExitCode, Is.EqualTo(64));
        Assert.That(OneLine(result), Does.Contain("'--bogus'"));
        Assert.That(result.StandardError, Does.Not.Contain("usage:"), "the whole usage text pushes the error off the screen");
        Assert.That(Directory.EnumerateFileSystemEntries(_relay.DataDirectory), Is.Empty);
    }

    [Test]
    public async Task A_second_server_on_a_live_data_folder_exits_2_naming_the_folder_and_the_holder()
    {
        using var first = await RunningServer.StartAsync(_relay);
        var leftover = PlantBufferInFlight();

        var second = await _relay.RunRawAsync(["run", .. _relay.CommonArguments, "--Relay:Api:Endpoint=127.0.0.1:0"]);

        Assert.That(second.ExitCode, Is.EqualTo(2), second.StandardError);
        Assert.That(OneLine(second), Does.Contain(_relay.DataDirectory).And.Contain($"PID {first.ProcessId.ToString(CultureInfo.InvariantCulture)}"));
        Assert.That(second.StandardOutput + second.StandardError, Does.Not.Contain("recovered"), "the second server touched the spool");
        Assert.That(File.Exists(leftover), Is.True, "the second server emptied the live server's temporary folder");
        Assert.That(first.HasExited, Is.False);
    }

    [Test]
    public async Task A_server_that_was_killed_leaves_no_lock_behind()
    {
        using (await RunningServer.StartAsync(_relay))
        {
            // Disposing kills it: SIGKILL, no clean-up of its own.
        }

        using var next = await RunningServer.StartAsync(_relay);
        Assert.That(next.HasExited, Is.False);
    }

    [Test]
    public async Task Serving_a_key_zone_whose_name_server_lies_inside_it_without_an_address_warns_as_keyzone_export_refuses()
    {
        using (var inZone = await RunningServer.StartAsync(_relay, "--Relay:KeyZone:Enabled=true", "--Relay:KeyZone:Listen=127.0.0.1:0"))
        {
            Assert.That(inZone.Output, Does.Contain("WRN").And.Contain($"Relay:KeyZone: the name server ns1.{RelayProgram.KeyZone} lies inside the zone and has no address"));
        }

        var export = await _relay.RunAsync("keyzone", "export");
        Assert.That(export.ExitCode, Is.EqualTo(64));
        Assert.That(OneLine(export), Does.Contain($"the name server ns1.{RelayProgram.KeyZone} lies inside the zone and has no address"));

        using var outside = await RunningServer.StartAsync(_relay, "--Relay:KeyZone:Enabled=true", "--Relay:KeyZone:Listen=127.0.0.1:0", "--Relay:KeyZone:NameServers:0=ns1.example.net");
        Assert.That(outside.Output, Does.Not.Contain("lies inside the zone"));
    }

    [TestCase("account", "list")]
    [TestCase("identity", "list", "--account", "shop")]
    [TestCase("keyzone", "export")]
    [TestCase("queue", "list")]
    [TestCase("--help")]
    public async Task Commands_beside_a_live_server_leave_its_buffers_alone(params string[] arguments)
    {
        Assert.That((await _relay.RunAsync("account", "add", "--name", "shop", "--password", "a-long-smtp-password")).ExitCode, Is.Zero);
        using var server = await RunningServer.StartAsync(_relay);
        var inFlight = PlantBufferInFlight();

        await _relay.RunAsync([.. arguments, "--Relay:KeyZone:NameServers:0=ns1.example.net", "--Relay:KeyZone:NameServerAddresses:0=192.0.2.53"]);

        Assert.That(File.Exists(inFlight), Is.True, $"relay {string.Join(' ', arguments)} deleted a message buffer of the live server");
        Assert.That(server.HasExited, Is.False);
    }

    [Test]
    public async Task A_listener_whose_port_is_taken_is_named_in_one_line()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}";

        var result = await _relay.RunRawAsync(["run", .. _relay.CommonArguments, "--Relay:Api:Endpoint=127.0.0.1:0", $"--Relay:Listeners:Submission={address}"]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardError, Does.Contain($"relay: cannot listen for SMTP (submission) on {address}"));
        Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain("   at "), "a stack trace reached the console");
    }

    [TestCase("--Relay:NextHop=127.0.0.1:2525", "Relay:NextHop is a section", "Host, Port")]
    [TestCase("--Relay:NextHop:Hots=mx.example.net", "unknown setting 'Hots'", "Host, Port")]
    [TestCase("--Relay:Delivery:Mode=Fast", "Relay:Delivery:Mode: 'Fast'", "Queue, Session")]
    [TestCase("--Serilog:MinimumLevel:Default=Loud", "Serilog", "Warning")]
    public async Task A_bad_setting_is_one_line_that_names_it_and_what_it_may_be(string setting, string names, string valid)
    {
        var result = await _relay.RunRawAsync(["run", .. _relay.CommonArguments, setting]);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(OneLine(result), Does.Contain(names).And.Contain(valid));
        Assert.That(Directory.Exists(Path.Combine(_relay.DataDirectory, "spool")), Is.False, "a bad setting still touched the data folder");
    }

    [Test]
    public async Task Start_up_says_where_the_data_is_where_mail_goes_and_which_domain_signs()
    {
        using var server = await RunningServer.StartAsync(_relay);

        Assert.That(server.Output, Does.Contain($"Data folder {_relay.DataDirectory}")
            .And.Contain("Delivery: Queue mode, to smarthost localhost:25 (StartTlsWhenAvailable)")
            .And.Contain($"Provider signature d={RelayProgram.ProviderDomain} s=relay; DKIM key zone {RelayProgram.KeyZone} (not served here)")
            .And.Contain("SMTP listening on 127.0.0.1:"));
        Assert.That(server.Output, Does.Not.Contain("still the default"));
    }

    [Test]
    public async Task Start_up_warns_while_the_provider_domain_is_the_default()
    {
        using var server = await RunningServer.StartAsync(_relay, "--Relay:Provider:Domain=relay.localhost", "--Relay:Delivery:Routing=Mx");

        Assert.That(server.Output, Does.Contain("WRN").And.Contain("Relay:Provider:Domain is still the default relay.localhost"));
        Assert.That(server.Output, Does.Contain("Delivery: Queue mode, to MX lookup for each recipient domain, port 25"));
    }

    [TestCase("account", "list")]
    [TestCase("identity", "list", "--account", "shop")]
    [TestCase("identity", "status", "--account", "shop", "--identity", "example.com")]
    [TestCase("keyzone", "export")]
    [TestCase("provider", "dns")]
    [TestCase("queue", "list")]
    [TestCase("access-key", "list")]
    public async Task A_reading_command_on_a_folder_no_server_used_says_so_and_creates_nothing(params string[] arguments)
    {
        var elsewhere = Path.Combine(_relay.DataDirectory, "elsewhere", "data");

        var result = await _relay.RunRawAsync([.. arguments, .. _relay.CommonArguments, $"--Relay:DataDirectory={elsewhere}"]);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(OneLine(result), Does.Contain($"Relay:DataDirectory {elsewhere} holds no relay.db"));
        Assert.That(Directory.Exists(elsewhere), Is.False, "a reading command made a data folder");
    }

    [Test]
    public async Task Without_a_data_folder_setting_the_server_and_the_cli_find_the_same_folder_from_anywhere()
    {
        var home = Path.Combine(_relay.DataDirectory, "home");
        var somewhereElse = Directory.CreateDirectory(Path.Combine(_relay.DataDirectory, "somewhere", "else")).FullName;
        var environment = new Dictionary<string, string> { ["HOME"] = home };
        var settings = _relay.CommonArguments.Where(argument => !argument.StartsWith("--Relay:DataDirectory=", StringComparison.Ordinal)).ToList();

        var added = await _relay.RunRawAsync(["account", "add", "--name", "shop", "--password", "pw", .. settings], environment, _relay.DataDirectory);
        var listed = await _relay.RunRawAsync(["account", "list", .. settings], environment, somewhereElse);

        Assert.That(added.ExitCode, Is.Zero, added.StandardError);
        Assert.That(File.Exists(Path.Combine(home, ".local", "share", "relay", "relay.db")), Is.True);
        Assert.That(listed.ExitCode, Is.Zero, listed.StandardError);
        Assert.That(listed.StandardOutput, Does.Contain("shop"));
        Assert.That(Directory.EnumerateFileSystemEntries(somewhereElse), Is.Empty);
    }

    [Test]
    public async Task Identity_check_with_no_resolver_on_the_machine_names_the_setting_instead_of_crashing()
    {
        var unshare = ExternalTool.Require("/usr/bin/unshare", "util-linux");
        Assert.That((await _relay.RunAsync("account", "add", "--name", "shop", "--password", "a-long-smtp-password")).ExitCode, Is.Zero);
        Assert.That((await _relay.RunAsync("identity", "verify-dkim", "--account", "shop", "--domain", "example.com")).ExitCode, Is.Zero);
        var emptyResolvConf = Path.Combine(_relay.DataDirectory, "resolv.conf");
        await File.WriteAllTextAsync(emptyResolvConf, string.Empty);
        var relay = string.Join(' ', new[] { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "relay.dll"),
            "identity", "check", "--account", "shop", "--identity", "example.com" }.Concat(_relay.CommonArguments).Append("--Relay:DnsChecks:Resolver="));

        // A mount namespace of its own, where /etc/resolv.conf lists no name server (as on a machine without network set up).
        var result = await ExternalTool.RunAsync(unshare, ["-m", "sh", "-c", $"mount --bind {emptyResolvConf} /etc/resolv.conf && exec {relay}"],
            stdin: null, TimeSpan.FromMinutes(2));

        if (result.StandardError.Contains("mount:", StringComparison.Ordinal) && !ExternalTool.RunningInCi)
        {
            Assert.Ignore($"cannot make a mount namespace here: {result.StandardError}");
        }

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain("no DNS resolver: the system lists no name server (/etc/resolv.conf); set Relay:DnsChecks:Resolver"));
        Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain("Exception"));
    }

    [Test]
    public async Task A_missing_settings_file_is_named()
    {
        var result = await _relay.RunAsync("account", "list", "--settings", "nosuch.json");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(OneLine(result), Does.Contain("--settings nosuch.json: no such file"));
    }

    [Test]
    public async Task Malformed_settings_json_names_the_file_and_the_place()
    {
        var file = Path.Combine(_relay.DataDirectory, "broken.json");
        await File.WriteAllTextAsync(file, "{ \"Relay\": { \"NextHop\": ");

        var result = await _relay.RunAsync("account", "list", "--settings", file);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(OneLine(result), Does.Contain(file).And.Contain("LineNumber"));
    }

    /// <summary>What the program printed, checked to be a single line with no stack trace.</summary>
    private static string OneLine(ToolResult result)
    {
        var lines = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), string.Join('\n', lines));
        return lines[0];
    }

    /// <summary>A buffer such as a client's message over the in-memory threshold, being written while DATA runs.</summary>
    private string PlantBufferInFlight()
    {
        var path = Path.Combine(_relay.DataDirectory, "tmp", "smtp-in-flight.tmp");
        File.WriteAllText(path, "half of a message a client is still sending");
        return path;
    }
}
