using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Two <c>relay run</c> processes started together on an empty database: both become ready, the schema is made once
/// (every migration recorded once, all in one transaction: one <c>applied</c> time), both report the same schema
/// version, and the account both declare exists once. The store-level test plays the same race inside one process.
/// </summary>
[NonParallelizable]
public sealed partial class MigrationAtOnceTests
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(30);

    [Test]
    [CancelAfter(120_000)]
    public async Task Two_nodes_started_together_on_an_empty_database_both_get_ready_on_one_schema(CancellationToken cancellationToken)
    {
        await using var cluster = await TwoNodeCluster.CreateAsync(new Dictionary<string, string>
        {
            // The store's start-up line (schema version) is an Information event.
            ["Serilog:MinimumLevel:Default"] = "Information",
        });

        await cluster.StartBothAsync();

        foreach (var node in cluster.Nodes)
        {
            Assert.That(await WaitUntilReadyAsync(node, cancellationToken), Is.EqualTo(HttpStatusCode.OK), node.Output);
        }

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var versions = await ReadAsync(connection, "SELECT version FROM relay_schema ORDER BY version;", cancellationToken);
        var appliedTimes = await ReadAsync(connection, "SELECT count(DISTINCT applied)::int FROM relay_schema;", cancellationToken);
        var accounts = await ReadAsync(connection, $"SELECT count(*)::int FROM accounts WHERE name = '{TwoNodeCluster.Account}';", cancellationToken);
        var reported = cluster.Nodes.Select(node => SchemaVersionLine().Matches(node.Output).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();

        Assert.That(versions, Is.EqualTo(Enumerable.Range(1, versions.Count)), "each migration recorded once, none missing");
        Assert.That(appliedTimes.Single(), Is.EqualTo(1), "all of them applied in one transaction, by one node");
        Assert.That(reported, Is.All.EqualTo(new[] { versions[^1] }), "each node reports the schema version once, the database's\n" + cluster.Output);
        Assert.That(accounts.Single(), Is.EqualTo(1), "the account both nodes declare exists once");
    }

    private static async Task<HttpStatusCode?> WaitUntilReadyAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await node.ReadyAsync(cancellationToken);
            if (status == HttpStatusCode.OK || waited.Elapsed > ReadyLimit)
            {
                return status;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<List<int>> ReadAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetInt32(0));
        }

        return values;
    }

    [GeneratedRegex(@"Store: PostgreSQL \S+, schema version (\d+)")]
    private static partial Regex SchemaVersionLine();
}
