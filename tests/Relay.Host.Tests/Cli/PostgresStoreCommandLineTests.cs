using System.Security.Cryptography;
using Npgsql;
using Relay.Host.Tests.Support;
using Relay.Testing;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// <c>Relay:Store:Provider=Postgres</c> through the real program: two data folders (two nodes) on one database see
/// the same accounts and keys, and every operator mistake is one line that names the setting, never a stack trace.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PostgresStoreCommandLineTests : IDisposable
{
    private readonly RelayProgram _nodeA = new();
    private readonly RelayProgram _nodeB = new();
    private string _connectionString = null!;
    private string _keyFile = null!;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        _connectionString = await (await PostgresTestCluster.GetAsync()).CreateDatabaseAsync();
        _keyFile = Path.Combine(_nodeA.DataDirectory, "cluster.kek");
        await File.WriteAllBytesAsync(_keyFile, RandomNumberGenerator.GetBytes(32));
    }

    public void Dispose()
    {
        _nodeA.Dispose();
        _nodeB.Dispose();
    }

    private string[] Postgres(params string[] more) =>
        ["--Relay:Store:Provider=Postgres", $"--Relay:Store:KeyEncryptionKeyFile={_keyFile}", .. more];

    [Test]
    public async Task An_account_and_a_key_made_through_one_node_are_read_through_another_with_the_same_key_file()
    {
        var connectionFile = Path.Combine(_nodeB.DataDirectory, "connection");
        await File.WriteAllTextAsync(connectionFile, _connectionString + "\n");
        string[] a = Postgres($"--Relay:Store:ConnectionString={_connectionString}");
        string[] b = Postgres($"--Relay:Store:ConnectionStringFile={connectionFile}");

        var added = await _nodeA.RunAsync(["account", "add", "--name", "shop", "--password", "s3cret", .. a]);
        var identity = await _nodeA.RunAsync(["identity", "add", "--account", "shop", "--identity", "example.com", "--verification-status", "SUCCESS",
            "--dkim-status", "SUCCESS", "--selector", "s1", "--generate-key", "1024", .. a]);
        var listed = await _nodeB.RunAsync(["account", "list", .. b]);
        var dns = await _nodeB.RunAsync(["identity", "dns", "--account", "shop", "--identity", "example.com", .. b]);

        Assert.That((added.ExitCode, identity.ExitCode), Is.EqualTo((0, 0)), added.StandardError + identity.StandardError);
        Assert.That(listed.StandardOutput, Does.StartWith("shop\tsmtp-user=shop"), listed.StandardError);
        Assert.That(dns.StandardOutput, Does.Contain("s1._domainkey.example.com").And.Contain("p=MI"), dns.StandardError);
        Assert.That(File.Exists(Path.Combine(_nodeB.DataDirectory, "relay.db")), Is.False, "no SQLite database beside a PostgreSQL store");
    }

    [Test]
    public async Task A_server_on_postgres_starts_and_says_where_its_store_is_without_the_password()
    {
        // The test cluster trusts every local connection, so any password passes and only its absence from the log is tested.
        using var server = await RunningServer.StartAsync(_nodeA, Postgres($"--Relay:Store:ConnectionString={_connectionString};Password=hunter2"));

        Assert.That(server.Output, Does.Contain("Store: PostgreSQL 127.0.0.1:").And.Contain(", schema version "));
        Assert.That(server.Output, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task Two_nodes_started_at_once_on_an_empty_database_both_start_and_the_schema_is_made_once()
    {
        string[] settings = Postgres($"--Relay:Store:ConnectionString={_connectionString}");

        var results = await Task.WhenAll(_nodeA.RunAsync(["account", "list", .. settings]), _nodeB.RunAsync(["account", "list", .. settings]));

        Assert.That(results.Select(result => result.ExitCode), Is.EqualTo(new[] { 0, 0 }), string.Concat(results.Select(result => result.StandardError)));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) = max(version) AND count(*) = count(DISTINCT version) FROM relay_schema;", connection);
        Assert.That(await count.ExecuteScalarAsync(), Is.True, "each migration recorded once");
    }

    [Test]
    public async Task A_node_whose_key_file_differs_cannot_read_the_keys()
    {
        string[] a = Postgres($"--Relay:Store:ConnectionString={_connectionString}");
        await _nodeA.RunAsync(["account", "add", "--name", "shop", "--password", "s3cret", .. a]);
        await _nodeA.RunAsync(["identity", "add", "--account", "shop", "--identity", "example.com", "--verification-status", "SUCCESS",
            "--dkim-status", "SUCCESS", "--selector", "s1", "--generate-key", "1024", .. a]);
        var otherKey = Path.Combine(_nodeB.DataDirectory, "other.kek");
        await File.WriteAllBytesAsync(otherKey, RandomNumberGenerator.GetBytes(32));

        var dns = await _nodeB.RunAsync("identity", "dns", "--account", "shop", "--identity", "example.com", "--Relay:Store:Provider=Postgres",
            $"--Relay:Store:KeyEncryptionKeyFile={otherKey}", $"--Relay:Store:ConnectionString={_connectionString}");

        Assert.That(dns.ExitCode, Is.Not.EqualTo(0));
        Assert.That(dns.StandardOutput, Does.Not.Contain("p=MI"));
    }

    [Test]
    public async Task Postgres_without_a_connection_string_is_a_configuration_error_naming_both_settings()
    {
        var result = await _nodeA.RunAsync(["account", "list", .. Postgres()]);

        AssertOneLine(result, 2, "relay: configuration error: Relay:Store:Provider is Postgres: set exactly one of Relay:Store:ConnectionString and Relay:Store:ConnectionStringFile.");
    }

    [Test]
    public async Task Postgres_without_a_key_file_is_a_configuration_error_naming_it()
    {
        var result = await _nodeA.RunAsync("account", "list", "--Relay:Store:Provider=Postgres", $"--Relay:Store:ConnectionString={_connectionString}");

        AssertOneLine(result, 2, "relay: configuration error: Relay:Store:KeyEncryptionKeyFile must be set when Relay:Store:Provider is Postgres");
    }

    [Test]
    public async Task A_missing_or_short_key_file_is_a_configuration_error_naming_it()
    {
        var missing = Path.Combine(_nodeA.DataDirectory, "absent.kek");
        var shortKey = Path.Combine(_nodeA.DataDirectory, "short.kek");
        await File.WriteAllBytesAsync(shortKey, new byte[16]);

        var absent = await _nodeA.RunAsync("account", "list", "--Relay:Store:Provider=Postgres", $"--Relay:Store:ConnectionString={_connectionString}",
            $"--Relay:Store:KeyEncryptionKeyFile={missing}");
        var tooShort = await _nodeA.RunAsync("account", "list", "--Relay:Store:Provider=Postgres", $"--Relay:Store:ConnectionString={_connectionString}",
            $"--Relay:Store:KeyEncryptionKeyFile={shortKey}");

        AssertOneLine(absent, 2, $"relay: configuration error: Relay:Store:KeyEncryptionKeyFile '{missing}' cannot be used: ");
        AssertOneLine(tooShort, 2, $"relay: configuration error: Relay:Store:KeyEncryptionKeyFile '{shortKey}' cannot be used: ");
        Assert.That(tooShort.StandardError, Does.Contain("must hold 32 bytes, not 16"));
    }

    [Test]
    public async Task A_malformed_connection_string_is_a_configuration_error_naming_the_setting()
    {
        var result = await _nodeA.RunAsync(["account", "list", .. Postgres("--Relay:Store:ConnectionString=Hots=db;Password=hunter2")]);

        AssertOneLine(result, 2, "relay: configuration error: Relay:Store:ConnectionString is not a valid PostgreSQL connection string: ");
        Assert.That(result.StandardError, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task An_unreachable_database_is_one_line_naming_the_setting_and_exits_1()
    {
        var port = Relay.Testing.Dns.LoopbackPorts.FindFree();

        var result = await _nodeA.RunAsync(["account", "list", .. Postgres($"--Relay:Store:ConnectionString=Host=127.0.0.1;Port={port};Username=relay;Timeout=5")]);

        AssertOneLine(result, 1, "relay: Relay:Store:ConnectionString: PostgreSQL cannot be reached or refused Relay: ");
    }

    [TestCase("00:00:00")]
    [TestCase("00:00:01.500")]
    [TestCase("00:11:00")]
    public async Task A_command_timeout_outside_whole_seconds_from_1_s_to_10_min_is_a_configuration_error(string timeout)
    {
        var result = await _nodeA.RunAsync(["account", "list", .. Postgres($"--Relay:Store:ConnectionString={_connectionString}", $"--Relay:Store:CommandTimeout={timeout}")]);

        AssertOneLine(result, 2, "relay: configuration error: Relay:Store:CommandTimeout must be whole seconds from 00:00:01 to 00:10:00");
    }

    [Test]
    public async Task A_store_setting_for_postgres_while_the_provider_is_sqlite_is_a_configuration_error()
    {
        var result = await _nodeA.RunAsync("account", "list", $"--Relay:Store:ConnectionString={_connectionString}");

        AssertOneLine(result, 2, "relay: configuration error: Relay:Store:ConnectionString is set but Relay:Store:Provider is Sqlite");
    }

    [Test]
    public async Task A_node_older_than_the_database_schema_refuses_to_start_in_one_line()
    {
        string[] settings = Postgres($"--Relay:Store:ConnectionString={_connectionString}");
        await _nodeA.RunAsync(["account", "add", "--name", "shop", "--password", "s3cret", .. settings]);
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand("INSERT INTO relay_schema (version) SELECT max(version) + 1 FROM relay_schema RETURNING version;", connection);
            await newer.ExecuteScalarAsync();
        }

        var run = await _nodeB.RunAsync(["run", .. settings]);
        var list = await _nodeB.RunAsync(["account", "list", .. settings]);

        AssertOneLine(run, 1, "relay: The database schema is at version ");
        Assert.That(run.StandardError, Does.Contain("upgrade this node before starting it."));
        AssertOneLine(list, 1, "relay: The database schema is at version ");
    }

    private static void AssertOneLine(ToolResult result, int exitCode, string startsWith)
    {
        var error = result.StandardError.TrimEnd();
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.StandardError + result.StandardOutput);
        Assert.That(error, Does.StartWith(startsWith));
        Assert.That(error, Does.Not.Contain('\n'), "one line, no stack trace");
    }
}
