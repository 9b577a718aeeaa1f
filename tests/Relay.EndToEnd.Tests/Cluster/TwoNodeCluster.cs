using System.Globalization;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Storage;
using Relay.Core.Storage.Postgres;
using Relay.Dkim;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Two Relay nodes (<see cref="ClusterNode"/>: real processes, each with its own data folder and ports) on one new
/// database of the shared PostgreSQL, with what an operator gives every node alike: the store's key-encryption key,
/// the provider's DKIM key, the account <c>shop</c> (declared in settings, so each node seeds it at start) for mail
/// from loopback, and one next hop, a sink both deliver to. The nodes are not started.
/// </summary>
internal sealed class TwoNodeCluster : IAsyncDisposable
{
    public const string Account = "shop";
    public const string Region = "eu-west-1";

    private readonly string _secrets;

    private TwoNodeCluster(string secrets, string connectionString, SmtpSink sink, string providerRecord, IReadOnlyDictionary<string, string> settings)
    {
        _secrets = secrets;
        ConnectionString = connectionString;
        Sink = sink;
        ProviderRecords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [DkimVerifiers.RecordName(RelayUnderTest.ProviderSelector, RelayUnderTest.ProviderDomain)] = providerRecord,
        };
        A = new ClusterNode("a", settings);
        B = new ClusterNode("b", settings);
    }

    public ClusterNode A { get; }

    public ClusterNode B { get; }

    public IReadOnlyList<ClusterNode> Nodes => [A, B];

    /// <summary>The next hop of both nodes.</summary>
    public SmtpSink Sink { get; }

    /// <summary>The nodes' database (pooled, as the nodes use it).</summary>
    public string ConnectionString { get; }

    /// <summary>The provider signature's TXT record, by name, for verifiers given records rather than a resolver.</summary>
    public IReadOnlyDictionary<string, string> ProviderRecords { get; }

    private string KeyEncryptionKeyFile => Path.Combine(_secrets, "store.kek");

    /// <summary>What both nodes printed, for failure messages.</summary>
    public string Output => A.Output + "\n" + B.Output;

    /// <summary>
    /// Makes the database (on <paramref name="postgres"/>, by default the shared cluster), the shared secrets and the
    /// sink (answering as <paramref name="sinkOptions"/> say), and the two nodes' settings: those here, then
    /// <paramref name="settings"/> (which win).
    /// </summary>
    public static async Task<TwoNodeCluster> CreateAsync(
        IReadOnlyDictionary<string, string>? settings = null, SmtpSinkOptions? sinkOptions = null, PostgresCluster? postgres = null)
    {
        postgres ??= await ClusterPostgres.GetAsync();
        var connectionString = await postgres.CreateDatabaseAsync(pooling: true);
        var secrets = Directory.CreateTempSubdirectory("relay-cluster-secrets-").FullName;
        var sink = SmtpSink.Start(sinkOptions);
        var providerKeyFile = Path.Combine(secrets, "provider.pem");
        var providerKey = DkimPrivateKey.Generate(2048);
        await File.WriteAllTextAsync(providerKeyFile, providerKey.ToPem());
        var keyEncryptionKeyFile = Path.Combine(secrets, "store.kek");
        DataFolderCipher.LoadOrCreate(keyEncryptionKeyFile);

        var values = new Dictionary<string, string>
        {
            ["Relay:Store:Provider"] = "Postgres",
            ["Relay:Store:ConnectionString"] = connectionString,
            ["Relay:Store:KeyEncryptionKeyFile"] = keyEncryptionKeyFile,
            ["Relay:Provider:Domain"] = RelayUnderTest.ProviderDomain,
            ["Relay:Provider:Selector"] = RelayUnderTest.ProviderSelector,
            ["Relay:Provider:PrivateKeyPath"] = providerKeyFile,
            ["Relay:Accounts:0:Name"] = Account,
            ["Relay:Accounts:0:SmtpUserName"] = Account,
            ["Relay:Accounts:0:SmtpPassword"] = "cluster password",
            ["Relay:Relaying:TrustedNetworks:0"] = "127.0.0.0/8",
            ["Relay:Relaying:TrustedNetworkAccount"] = Account,
            ["Relay:NextHop:Host"] = "127.0.0.1",
            ["Relay:NextHop:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Relay:NextHop:TlsMode"] = "None",
            ["Relay:Delivery:Mode"] = "Queue",
            ["Relay:Delivery:InitialRetryDelay"] = "00:00:00.500",
            ["Relay:Delivery:MaxRetryDelay"] = "00:00:02",
            ["Relay:Api:Region"] = Region,
            ["Relay:ShutdownTimeout"] = "00:00:05",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // Behind a TCP load balancer every client comes from the balancer's address: the per-address limits
            // would count all of them as one client.
            ["Relay:Smtp:MaxConnectionsPerAddress"] = "1000",
            ["Relay:Smtp:MaxConnectionRatePerAddress"] = "100000",
            ["Relay:Quotas:MaxSendRate"] = "100000",
            ["Relay:Quotas:Max24HourSend"] = "-1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return new TwoNodeCluster(secrets, connectionString, sink, providerKey.ToDnsTxtRecord(), values);
    }

    /// <summary>Starts both nodes at once and returns when both greet.</summary>
    public Task StartBothAsync() => Task.WhenAll(A.StartAsync(), B.StartAsync());

    /// <summary>An access key of <see cref="Account"/>, made as <c>relay access-key create</c> makes it (the nodes must have migrated the database).</summary>
    public async Task<AccessKey> AddAccessKeyAsync()
    {
        await using var database = await OpenDatabaseAsync();
        var key = AccessKeyGenerator.Create(Account, DateTimeOffset.UtcNow);
        await new PostgresAccessKeyStore(database).AddAsync(key, CancellationToken.None);
        return key;
    }

    /// <summary>
    /// A verified domain of <see cref="Account"/> whose DKIM is SUCCESS with a key of its own, as a node's verifier
    /// leaves it; returns its TXT record and the provider's, by name, for the verifiers.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AddSigningDomainAsync(string domain)
    {
        const string Selector = "cluster";
        var key = DkimPrivateKey.Generate(2048);
        await using (var database = await OpenDatabaseAsync())
        {
            await new PostgresRelayStore(database).SaveIdentityAsync(
                new Identity(Account, domain, IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true,
                    new SigningKey(Selector, key.ToPem(), 2048)),
                CancellationToken.None);
        }

        return new Dictionary<string, string>(ProviderRecords, StringComparer.OrdinalIgnoreCase)
        {
            [DkimVerifiers.RecordName(Selector, domain)] = key.ToDnsTxtRecord(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        await Sink.DisposeAsync();
        Directory.Delete(_secrets, recursive: true);
    }

    private Task<PostgresDatabase> OpenDatabaseAsync() =>
        PostgresDatabase.OpenAsync(ConnectionString, DataFolderCipher.Load(KeyEncryptionKeyFile), logger: null, CancellationToken.None);
}
