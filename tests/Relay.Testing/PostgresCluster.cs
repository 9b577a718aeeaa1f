namespace Relay.Testing;

/// <summary>
/// A real PostgreSQL 15 (Debian's postgresql package) started by the tests in a temporary folder: initdb, then
/// pg_ctl on a free loopback port, trust authentication for the one user <c>relay</c>, fsync off (the data is thrown
/// away). initdb refuses to run as root, so under root (CI) the cluster belongs to the unprivileged <c>postgres</c>
/// user and every server tool runs through <c>runuser</c>.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>Where Debian 12 installs the server binaries.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private const string User = "relay";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly bool _asPostgresUser;
    private int _databases;
    private bool _paused;

    private PostgresCluster(string directory, int port, bool asPostgresUser)
    {
        _directory = directory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>True when the server binaries are installed (the caller decides whether to skip or fail).</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(BinDirectory, "initdb"));

    /// <summary>Skips the test when run by hand without PostgreSQL, fails it under CI=true.</summary>
    public static void Require() => ExternalTool.Require(Path.Combine(BinDirectory, "initdb"), "postgresql");

    /// <summary>Creates the cluster in a new temporary folder and starts it.</summary>
    public static async Task<PostgresCluster> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("relay-pg-").FullName;
        var asPostgresUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var cluster = new PostgresCluster(directory, Dns.LoopbackPorts.FindFree(), asPostgresUser);
        try
        {
            if (asPostgresUser)
            {
                await RunCheckedAsync("chown", ["postgres:postgres", directory]);
            }

            await cluster.RunServerToolAsync("initdb", "-D", cluster.DataDirectory, "-U", User, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A connection string for <paramref name="database"/>; by default without pooling, so a test leaves no idle
    /// connections behind. A host under test pools, as in production.
    /// </summary>
    public string ConnectionString(string database, bool pooling = false) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling={(pooling ? "true" : "false")};Timeout=5;Command Timeout=30";

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(bool pooling = false)
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        await RunCheckedAsync(Path.Combine(BinDirectory, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, name]);
        return ConnectionString(name, pooling);
    }

    /// <summary>The whole database (schema and rows) as pg_dump writes it: what a copy of the database gives away.</summary>
    public async Task<string> DumpAsync(string connectionString)
    {
        var database = connectionString.Split(';').Single(part => part.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        var result = await ExternalTool.RunAsync(
            Path.Combine(BinDirectory, "pg_dump"),
            ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, database],
            stdin: null, ToolTimeout);
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException($"pg_dump exited {result.ExitCode}: {result.StandardError}");
    }

    /// <summary>Stops the server (fast shutdown: connections are closed); <see cref="StartServerAsync"/> starts it again.</summary>
    public Task StopServerAsync() => RunServerToolAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");

    /// <summary>Starts the server on <see cref="Port"/> and waits until it accepts connections.</summary>
    public Task StartServerAsync() => RunServerToolAsync(
        "pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "start");

    /// <summary>
    /// The server stops answering without closing anything, as a blackholed database: SIGSTOP to the postmaster and
    /// its backends (the kernel still accepts connections, nobody replies). <see cref="ResumeServerAsync"/> undoes it.
    /// </summary>
    public async Task PauseServerAsync()
    {
        var postmaster = await PostmasterPidAsync();
        _paused = true;
        await RunCheckedAsync("kill", ["-STOP", postmaster, .. ChildrenOf(postmaster)]);
    }

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public async Task ResumeServerAsync()
    {
        var postmaster = await PostmasterPidAsync();
        await RunCheckedAsync("kill", ["-CONT", .. ChildrenOf(postmaster), postmaster]);
        _paused = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_paused)
        {
            await ResumeServerAsync();
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunServerToolAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string> PostmasterPidAsync() =>
        (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim();

    private static string[] ChildrenOf(string parent) => Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName)
        .Where(name => name!.All(char.IsAsciiDigit))
        .Where(pid =>
        {
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == parent;
            }
            catch (IOException)
            {
                return false; // gone meanwhile
            }
        })
        .Select(pid => pid!)
        .ToArray();

    private Task RunServerToolAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        return _asPostgresUser
            ? RunCheckedAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunCheckedAsync(path, arguments);
    }

    private static async Task RunCheckedAsync(string fileName, string[] arguments)
    {
        var result = await ExternalTool.RunAsync(fileName, arguments, stdin: null, ToolTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        }
    }
}
