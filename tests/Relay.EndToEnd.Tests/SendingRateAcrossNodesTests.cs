using System.Diagnostics;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Two nodes on one PostgreSQL share an account's sending rate: what one node let through, the other does not let
/// through again. The rate is one recipient per ten seconds, so the bucket holds one and refills far slower than the
/// test sends: with a bucket per node, each node would let one through.
/// </summary>
public sealed class SendingRateAcrossNodesTests
{
    private const double Rate = 0.1;

    private PostgresCluster? _cluster;
    private SmtpSink? _sink;
    private readonly List<RelayUnderTest> _nodes = [];
    private string? _keyDirectory;

    [SetUp]
    public async Task StartAsync()
    {
        PostgresCluster.Require();
        var cluster = _cluster = await PostgresCluster.StartAsync();
        _keyDirectory = Directory.CreateTempSubdirectory("relay-kek-").FullName;
        var keyFile = Path.Combine(_keyDirectory, "kek");
        await File.WriteAllBytesAsync(keyFile, RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string?>
        {
            ["Relay:Store:Provider"] = "Postgres",
            ["Relay:Store:ConnectionString"] = await cluster.CreateDatabaseAsync(pooling: true),
            ["Relay:Store:KeyEncryptionKeyFile"] = keyFile,
            ["Relay:Delivery:Mode"] = "Queue",
            ["Relay:Quotas:MaxSendRate"] = Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _sink = SmtpSink.Start();
        _nodes.Add(await RelayUnderTest.StartAsync(_sink.Port, settings));
        _nodes.Add(await RelayUnderTest.StartAsync(_sink.Port, settings));
        foreach (var account in new[] { "shop", "other" })
        {
            await _nodes[0].AddAccountAsync(account, account + " password");
        }

        await _nodes[0].AddDomainAsync("shop", "example.com");
        await _nodes[0].AddDomainAsync("other", "other.example");
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_sink is not null)
        {
            await _sink.DisposeAsync();
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
    public async Task An_account_sending_through_two_nodes_gets_its_rate_once_and_the_next_message_is_throttled_as_SES_words_it()
    {
        using var throughA = await ConnectAsync(_nodes[0], "shop");
        using var throughB = await ConnectAsync(_nodes[1], "shop");
        using var otherThroughB = await ConnectAsync(_nodes[1], "other");

        var elapsed = Stopwatch.StartNew();
        var replies = new List<string>();
        for (var index = 0; index < 6; index++)
        {
            replies.Add(await TrySendAsync(index % 2 == 0 ? throughA : throughB, "news@example.com"));
        }

        var seconds = elapsed.Elapsed.TotalSeconds;
        var other = await TrySendAsync(otherThroughB, "news@other.example");

        var accepted = replies.Count(reply => reply.StartsWith("250", StringComparison.Ordinal));
        var allowed = 1 + (int)Math.Floor(Rate * seconds);
        Assert.That(accepted, Is.InRange(1, allowed), $"one bucket of 1, plus {Rate}/s over {seconds:F1} s; replies: {string.Join(" | ", replies)}");
        Assert.That(replies.Where(reply => !reply.StartsWith("250", StringComparison.Ordinal)),
            Is.All.EqualTo("454 4.7.0 Throttling failure: Maximum sending rate exceeded."));
        Assert.That(other, Does.StartWith("250"), "another account's rate is its own");
    }

    private static async Task<SmtpClient> ConnectAsync(RelayUnderTest node, string account)
    {
        var client = new SmtpClient { Timeout = 60_000 };
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(node.SubmissionEndPoint.Address.ToString(), node.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(account, account + " password");
        return client;
    }

    private static async Task<string> TrySendAsync(SmtpClient client, string from)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("reader@dest.test"));
        message.Subject = "rate";
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
}
