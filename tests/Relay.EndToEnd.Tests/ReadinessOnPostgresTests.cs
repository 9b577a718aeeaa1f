using System.Net;
using System.Security.Cryptography;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// <c>GET /ready</c> on a Relay whose store is PostgreSQL: ready while the database answers, 503 naming the store while
/// the database is down (and still alive on <c>/health</c>), ready again once it is back. The cluster is this
/// fixture's own, since the test stops it.
/// </summary>
public sealed class ReadinessOnPostgresTests
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    private PostgresCluster? _cluster;
    private ApiRelay? _relay;
    private string? _keyDirectory;

    [SetUp]
    public async Task StartAsync()
    {
        PostgresCluster.Require();
        _cluster = await PostgresCluster.StartAsync();
        _keyDirectory = Directory.CreateTempSubdirectory("relay-kek-").FullName;
        var keyFile = Path.Combine(_keyDirectory, "kek");
        await File.WriteAllBytesAsync(keyFile, RandomNumberGenerator.GetBytes(32));
        _relay = await ApiRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Store:Provider"] = "Postgres",
            ["Relay:Store:ConnectionString"] = await _cluster.CreateDatabaseAsync(pooling: true),
            ["Relay:Store:KeyEncryptionKeyFile"] = keyFile,
        });
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_keyDirectory is not null)
        {
            Directory.Delete(_keyDirectory, recursive: true);
        }
    }

    [Test]
    public async Task Ready_while_postgres_answers_not_ready_while_it_is_down_and_ready_again_when_it_is_back()
    {
        var before = await GetAsync("ready");
        await _cluster!.StopServerAsync();
        var down = await GetAsync("ready");
        var alive = await GetAsync("health");
        await _cluster.StartServerAsync();
        var back = await WaitUntilReadyAsync();

        Assert.That(before, Is.EqualTo((HttpStatusCode.OK, "ready\n")));
        Assert.That(down.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(down.Body, Does.StartWith("not ready\nstore: "));
        Assert.That(alive.Status, Is.EqualTo(HttpStatusCode.OK), "alive: the node is not to be restarted, only sent no mail");
        Assert.That(back, Is.EqualTo((HttpStatusCode.OK, "ready\n")), $"ready again within {RecoveryLimit}");
        Assert.That(await _relay!.Relay.Store.FindAccountByNameAsync("shop", CancellationToken.None), Is.Not.Null, "the data survived the restart");
    }

    private async Task<(HttpStatusCode Status, string Body)> WaitUntilReadyAsync()
    {
        // The database restarts in real time; the pool's connections to the old server are dropped as they fail.
        var deadline = Environment.TickCount64 + (long)RecoveryLimit.TotalMilliseconds;
        while (true)
        {
            var answer = await GetAsync("ready");
            if (answer.Status == HttpStatusCode.OK || Environment.TickCount64 > deadline)
            {
                return answer;
            }

            await Task.Delay(100);
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_relay!.Endpoint, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
