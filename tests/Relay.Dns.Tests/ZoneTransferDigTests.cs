using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;
using Relay.Testing;

namespace Relay.Dns.Tests;

/// <summary>
/// Zone transfers and TSIG through real sockets, with BIND's dig as the client (it checks every TSIG it gets back):
/// AXFR and IXFR with the key, refusals without it or with a wrong one, signed SOA queries, AXFR over UDP.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ZoneTransferDigTests
{
    private const string Zone = "dkim.relay.example.net";
    private const string KeyName = "relay-xfr";
    private const string FirstToken = "aaaabbbbccccddddeeeeffffgggghhhh";

    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Test]
    [CancelAfter(60_000)]
    public async Task Dig_with_the_key_transfers_the_whole_zone_in_several_signed_messages(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(ZoneSerial.ForDate(DateTimeOffset.UtcNow));
        for (var i = 0; i < 12; i++)
        {
            records.Set($"token{i:D2}", TestKeys.Txt4096);
        }

        var options = Options(new SecondaryServer(IPAddress.Loopback));
        options.MaxTransferMessageSize = 4096;
        await using var server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(cancellationToken);

        var transfer = await DigTransferAsync(server, $"hmac-sha256:{KeyName}:{_secret}");

        var lines = transfer.StandardOutput.Split('\n').Where(line => line.Length > 0 && !line.StartsWith(';')).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(transfer.StandardOutput, Does.Not.Contain("failed").And.Not.Contain("tsig"), transfer.StandardOutput);
            Assert.That(lines.Count(line => line.Contains("\tSOA\t", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(lines.Count(line => line.Contains("\tTXT\t", StringComparison.Ordinal)), Is.EqualTo(12));
            Assert.That(lines.Count(line => line.Contains("\tNS\t", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(lines.Count(line => line.Contains("\tA\t", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(transfer.StandardOutput, Does.Match(@"XFR size: 16 records \(messages [3-9]"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Dig_without_the_key_or_with_a_wrong_one_is_refused(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(1);
        records.Set(FirstToken, TestKeys.Txt2048);
        var options = Options(new SecondaryServer(IPAddress.Loopback));
        await using var server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(cancellationToken);

        var unsigned = await DigTransferAsync(server, key: null);
        var wrongSecret = await DigTransferAsync(server, $"hmac-sha256:{KeyName}:{Convert.ToBase64String(new byte[32])}");
        var wrongName = await DigTransferAsync(server, $"hmac-sha256:other-key:{_secret}");

        Assert.Multiple(() =>
        {
            Assert.That(unsigned.StandardOutput, Does.Contain("Transfer failed"), unsigned.StandardOutput);
            Assert.That(unsigned.StandardOutput, Does.Not.Contain("TXT"));
            Assert.That(wrongSecret.StandardOutput + wrongSecret.StandardError, Does.Not.Contain("\tTXT\t"));
            Assert.That(wrongSecret.StandardOutput + wrongSecret.StandardError, Does.Contain("BADSIG").Or.Contain("NOTAUTH").Or.Contain("tsig"));
            Assert.That(wrongName.StandardOutput + wrongName.StandardError, Does.Not.Contain("\tTXT\t"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task IXFR_is_answered_with_the_whole_zone(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(10);
        records.Set(FirstToken, TestKeys.Txt2048);
        await using var server = await StartAsync(records, cancellationToken);

        var transfer = await DigAsync(server, $"hmac-sha256:{KeyName}:{_secret}", Zone, "IXFR=5");

        Assert.Multiple(() =>
        {
            Assert.That(transfer.StandardOutput, Does.Not.Contain("failed"), transfer.StandardOutput);
            Assert.That(transfer.StandardOutput, Does.Contain($"{FirstToken}.{Zone}."));
            Assert.That(transfer.StandardOutput, Does.Contain("XFR size: 5 records"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_signed_SOA_query_gets_a_signed_answer_and_a_wrong_key_gets_NOTAUTH(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(10);
        await using var server = await StartAsync(records, cancellationToken);

        var signed = await DigAsync(server, $"hmac-sha256:{KeyName}:{_secret}", Zone, "SOA");
        var wrong = await DigAsync(server, $"hmac-sha256:{KeyName}:{Convert.ToBase64String(new byte[32])}", Zone, "SOA");
        var unsigned = await DigAsync(server, key: null, Zone, "SOA");

        Assert.Multiple(() =>
        {
            Assert.That(signed.StandardOutput, Does.Contain("status: NOERROR").And.Contain("TSIG PSEUDOSECTION"), signed.StandardOutput);
            Assert.That(signed.StandardOutput + signed.StandardError, Does.Not.Contain("failure").And.Not.Contain("expected a TSIG"));
            Assert.That(wrong.StandardOutput, Does.Contain("status: NOTAUTH"), wrong.StandardOutput);
            Assert.That(unsigned.StandardOutput, Does.Contain("status: NOERROR").And.Not.Contain("TSIG"), unsigned.StandardOutput);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AXFR_over_UDP_is_refused_even_signed_by_a_secondary(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(10);
        records.Set(FirstToken, TestKeys.Txt2048);
        await using var server = await StartAsync(records, cancellationToken);
        var key = new TsigKey(KeyName, Convert.FromBase64String(_secret));
        var (query, mac) = new TsigSigner(key, TimeSpan.FromSeconds(300), TimeProvider.System).Sign(WireQuery.Build(77, Zone, 252), []);

        using var client = new UdpClient(AddressFamily.InterNetwork);
        await client.SendAsync(query, server.UdpEndPoint!, cancellationToken);
        var answer = (await client.ReceiveAsync(cancellationToken)).Buffer;

        Assert.Multiple(() =>
        {
            Assert.That(WireQuery.IdOf(answer), Is.EqualTo(77));
            Assert.That(WireQuery.ReturnCodeOf(answer), Is.EqualTo(5), "REFUSED");
            Assert.That(WireQuery.AnswerCountOf(answer), Is.Zero);
            Assert.That(new TsigVerifier(key, TimeSpan.FromSeconds(300), TimeProvider.System).Verify(answer, mac).Outcome, Is.EqualTo(TsigOutcome.Valid));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AXFR_from_an_address_that_is_not_a_secondary_is_refused(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(10);
        records.Set(FirstToken, TestKeys.Txt2048);
        var options = Options(new SecondaryServer(IPAddress.Parse("192.0.2.53")));
        await using var server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(cancellationToken);

        var transfer = await DigAsync(server, $"hmac-sha256:{KeyName}:{_secret}", Zone, "AXFR");

        Assert.Multiple(() =>
        {
            Assert.That(transfer.StandardOutput, Does.Contain("Transfer failed"), transfer.StandardOutput);
            Assert.That(transfer.StandardOutput, Does.Not.Contain("\tTXT\t"));
        });
    }

    [TestCase("192.0.2.53", null, "RefusedNotSecondary")]
    [TestCase("127.0.0.1", "wrong-key", "NotAuthenticated")]
    [TestCase("127.0.0.1", "other-zone", "RefusedOtherZone")]
    [TestCase("127.0.0.1", "unsigned", "RefusedUnsigned")]
    [CancelAfter(30_000)]
    public async Task A_refused_transfer_logs_one_line_naming_the_client_and_the_reason(
        string secondary, string? variant, string reason, CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(10);
        var logs = new RecordingLoggerFactory();
        var options = Options(new SecondaryServer(IPAddress.Parse(secondary)));
        await using var server = new DkimZoneServer(options, records, logs, TimeProvider.System);
        await server.StartAsync(cancellationToken);
        var key = variant switch
        {
            "unsigned" => null,
            "wrong-key" => $"hmac-sha256:{KeyName}:{Convert.ToBase64String(new byte[32])}",
            _ => $"hmac-sha256:{KeyName}:{_secret}",
        };

        var transfer = await DigAsync(server, key, variant == "other-zone" ? "example.com" : Zone, "AXFR");

        var refused = logs.Events.Where(logged => logged.Id == 9140).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(transfer.StandardOutput, Does.Not.Contain("\tSOA\t"), transfer.StandardOutput);
            Assert.That(refused, Has.Count.EqualTo(1), string.Join('\n', logs.Events));
            Assert.That(refused[0].Text, Does.Contain("127.0.0.1").And.EndWith(reason));
        });
    }

    private async Task<DkimZoneServer> StartAsync(IDkimKeyRecordSource records, CancellationToken cancellationToken)
    {
        var server = new DkimZoneServer(Options(new SecondaryServer(IPAddress.Loopback)), records, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private DkimZoneOptions Options(SecondaryServer secondary)
    {
        var options = new DkimZoneOptions
        {
            Zone = Zone,
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Tsig = new TsigKey(KeyName, Convert.FromBase64String(_secret)),
        };
        options.NameServerAddresses.Add(IPAddress.Loopback);
        options.Secondaries.Add(secondary);
        return options;
    }

    private static async Task<ToolResult> DigTransferAsync(DkimZoneServer server, string? key) => await DigAsync(server, key, Zone, "AXFR");

    private static async Task<ToolResult> DigAsync(DkimZoneServer server, string? key, string name, string type)
    {
        var dig = ExternalTool.Require("/usr/bin/dig", "dnsutils");
        string[] arguments =
        [
            "@127.0.0.1", "-p", server.TcpEndPoint!.Port.ToString(CultureInfo.InvariantCulture), "+norecurse", "+time=5", "+tries=1",
            .. key is null ? Array.Empty<string>() : ["-y", key], name, type,
        ];
        return await ExternalTool.RunAsync(dig, arguments, stdin: null, TimeSpan.FromSeconds(30));
    }
}
