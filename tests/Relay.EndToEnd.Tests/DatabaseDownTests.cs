using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A node whose PostgreSQL stops (pg_ctl stop) while it runs: SMTP and the API answer with a clear temporary error,
/// at once, never a 5xx or a hang; nothing is acknowledged that is not spooled; once the database is back the same
/// node takes mail again without a restart; and a node that stops leaves no connection open. The cluster is this
/// fixture's own, since the tests stop it.
/// </summary>
public sealed class DatabaseDownTests
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    private PostgresCluster? _cluster;
    private ApiRelay? _relay;
    private string? _keyDirectory;
    private string? _connectionString;

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
            ["Relay:Store:ConnectionString"] = _connectionString = await _cluster.CreateDatabaseAsync(pooling: true),
            ["Relay:Store:KeyEncryptionKeyFile"] = keyFile,
            ["Relay:Delivery:Mode"] = "Queue",
            ["Relay:Store:CommandTimeout"] = "00:00:02",
        });
        await _relay.Relay.AddDomainAsync("shop", "example.com");
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
    public async Task Smtp_and_the_api_answer_a_temporary_error_while_postgres_is_down_and_take_mail_again_when_it_is_back()
    {
        using var authenticatedBefore = await ConnectAsync(authenticate: true);
        await _cluster!.StopServerAsync();

        var inSession = await TrySendAsync(authenticatedBefore);
        using var newSession = await ConnectAsync(authenticate: false);
        var authentication = await TryAuthenticateAsync(newSession);
        var api = await SendEmailAsync();

        await _cluster.StartServerAsync();
        var smtpBack = await RetryAsync(async () =>
        {
            using var client = await ConnectAsync(authenticate: true);
            return await TrySendAsync(client);
        }, reply => reply.StartsWith('2'));
        var apiBack = await RetryAsync(SendEmailAsync, answer => answer.StartsWith("200", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(inSession, Does.Match(@"^451 4\.3\.0 [^\n]+$"), "an authenticated session's message, database down");
            Assert.That(authentication, Does.Match(@"^454: 4\.7\.0 [^\n]+$"), "AUTH while the database is down (RFC 4954: temporary authentication failure)");
            Assert.That(api, Does.StartWith("503 ServiceUnavailable"), "API SendEmail, database down");
            Assert.That(smtpBack, Does.StartWith("2"), $"SMTP takes mail again within {RecoveryLimit} of the database's return");
            Assert.That(apiBack, Does.StartWith("200"), $"the API takes mail again within {RecoveryLimit}");
        });
        var delivered = await _relay!.DeliveredAsync(2);
        Assert.That(delivered, Has.Count.EqualTo(2), "exactly the two acknowledged messages went out");
    }

    [Test]
    public async Task A_database_that_stops_answering_gets_clients_a_temporary_error_within_the_command_timeout_not_a_hang()
    {
        using var authenticatedBefore = await ConnectAsync(authenticate: true);
        await _cluster!.PauseServerAsync();

        // Relay:Store:CommandTimeout is 2 s here; the client waits 20 s, and the driver's own defaults are 15 s to connect and 30 s a statement.
        var inSession = await TrySendAsync(authenticatedBefore);
        var api = await SendEmailAsync();
        await _cluster.ResumeServerAsync();
        var back = await RetryAsync(SendEmailAsync, answer => answer.StartsWith("200", StringComparison.Ordinal));

        Assert.That(inSession, Does.Match(@"^451 4\.3\.0 [^\n]+$"));
        Assert.That(api, Does.StartWith("503 ServiceUnavailable"));
        Assert.That(back, Does.StartWith("200"));
    }

    [Test]
    public async Task A_node_that_stops_closes_its_connections_to_the_database()
    {
        using (var client = await ConnectAsync(authenticate: true))
        {
            Assert.That(await TrySendAsync(client), Does.StartWith("250"));
        }

        var whileRunning = await ConnectionsToTheDatabaseAsync();
        await _relay!.DisposeAsync();
        _relay = null;
        var afterStopping = await ConnectionsToTheDatabaseAsync();

        Assert.That(whileRunning, Is.Positive, "the running node holds pooled connections");
        Assert.That(afterStopping, Is.Zero);
    }

    private async Task<long> ConnectionsToTheDatabaseAsync()
    {
        var unpooled = new Npgsql.NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new Npgsql.NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<SmtpClient> ConnectAsync(bool authenticate)
    {
        var client = new SmtpClient { Timeout = (int)ClientTimeout.TotalMilliseconds };
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        var endPoint = _relay!.Relay.SubmissionEndPoint;
        await client.ConnectAsync(endPoint.Address.ToString(), endPoint.Port, SecureSocketOptions.StartTls);
        if (authenticate)
        {
            await client.AuthenticateAsync("shop", "shop password");
        }

        return client;
    }

    private static async Task<string> TryAuthenticateAsync(SmtpClient client)
    {
        try
        {
            await client.AuthenticateAsync("shop", "shop password");
            return "235 authenticated";
        }
        catch (AuthenticationException ex)
        {
            return ex.Message;
        }
        catch (SmtpCommandException ex)
        {
            return $"{(int)ex.StatusCode} {ex.Message}";
        }
    }

    private static async Task<string> TrySendAsync(SmtpClient client)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("news@example.com"));
        message.To.Add(MailboxAddress.Parse("reader@dest.test"));
        message.Subject = "while the database is down";
        message.Body = new TextPart("plain") { Text = "hello" };
        try
        {
            return "250 " + await client.SendAsync(message);
        }
        catch (SmtpCommandException ex)
        {
            return $"{(int)ex.StatusCode} {ex.Message}";
        }
    }

    private async Task<string> SendEmailAsync()
    {
        using var http = new HttpClient { Timeout = ClientTimeout };
        var body = "Action=SendEmail&Version=2010-12-01&Source=news%40example.com&Destination.ToAddresses.member.1=reader%40dest.test" +
                   "&Message.Subject.Data=hi&Message.Body.Text.Data=hello";
        using var request = SigV4TestSigner.SignedQuery(_relay!.Endpoint, body, _relay.ShopKey.Id, _relay.ShopKey.Secret, ApiRelay.Region, DateTimeOffset.UtcNow);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var code = text.StartsWith('<')
            ? XElement.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? "-"
            : text;
        return $"{(int)response.StatusCode} {code}";
    }

    private static async Task<string> RetryAsync(Func<Task<string>> attempt, Func<string, bool> done)
    {
        var deadline = Environment.TickCount64 + (long)RecoveryLimit.TotalMilliseconds;
        while (true)
        {
            var answer = await attempt();
            if (done(answer) || Environment.TickCount64 > deadline)
            {
                return answer;
            }

            await Task.Delay(200);
        }
    }
}
