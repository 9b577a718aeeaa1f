using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Relay.Dns.Tests;

/// <summary>
/// Issue 14 items 10 and 3 against the real server on loopback sockets: response rate limiting, names over RFC 1035's
/// limits, and TCP connections that are held, trickled or reused. The server's clock is fake: no test waits on time.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DkimZoneServerAbuseTests : IAsyncDisposable
{
    private const string Zone = "dkim.relay.example.net";
    private const string Token = "qqqqrrrrssssttttuuuuvvvvwwwwxxxx";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private DkimZoneServer? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task A_hundred_identical_UDP_queries_get_at_most_five_answers_and_the_rest_dropped_or_truncated()
    {
        var server = await StartAsync();
        using var client = new UdpClient(AddressFamily.InterNetwork);
        client.Connect(server.UdpEndPoint!);
        for (ushort id = 1; id <= 100; id++)
        {
            await client.SendAsync(WireQuery.Build(id, $"{Token}.{Zone}", WireQuery.TypeTxt));
        }

        var replies = await ReceiveUntilQuietAsync(client);
        var full = replies.Where(reply => !WireQuery.IsTruncated(reply)).ToList();
        var truncated = replies.Where(reply => WireQuery.IsTruncated(reply)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(full, Has.Count.EqualTo(5), "the default is 5 responses a second and the clock does not move");
            Assert.That(full.Select(reply => WireQuery.AnswerCountOf(reply)), Has.All.EqualTo(1));
            Assert.That(truncated, Has.Count.EqualTo(47), "slip 2: every second one of the 95 dropped goes out truncated");
            Assert.That(truncated.Select(reply => WireQuery.AnswerCountOf(reply)), Has.All.Zero, "a truncated stand-in carries no records");
            Assert.That(truncated.Select(reply => WireQuery.QuestionCountOf(reply)), Has.All.EqualTo(1));
            Assert.That(truncated.Select(reply => reply.Length), Has.All.LessThan(100), "no amplification left");
        });
    }

    [Test]
    public async Task A_rate_limited_resolver_still_gets_its_answer_by_retrying_over_TCP()
    {
        var server = await StartAsync(options => options.ResponseRateLimit.Slip = 1);
        using var client = new UdpClient(AddressFamily.InterNetwork);
        client.Connect(server.UdpEndPoint!);
        for (ushort id = 1; id <= 10; id++)
        {
            await client.SendAsync(WireQuery.Build(id, $"{Token}.{Zone}", WireQuery.TypeTxt));
        }

        await ReceiveUntilQuietAsync(client);

        // dig retries over TCP when it gets TC, as resolvers do; TCP is not rate limited (its source is not spoofable).
        var answer = await Dig.QueryAsync(PortOf(server), $"{Token}.{Zone}", "TXT");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Answer, Has.Count.EqualTo(1));
            Assert.That(answer.Output, Does.Contain("retrying in TCP mode"));
        });
    }

    [Test]
    public async Task A_UDP_query_for_a_name_over_255_octets_gets_FORMERR_without_the_name()
    {
        var server = await StartAsync();
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + "." + Zone;

        var reply = await UdpExchangeAsync(server, WireQuery.Build(0x4242, name, WireQuery.TypeTxt));

        AssertFormatErrorWithoutQuestion(reply, 0x4242);
    }

    [Test]
    public async Task A_UDP_query_whose_name_is_a_compression_loop_gets_FORMERR_without_the_name()
    {
        var server = await StartAsync();

        var reply = await UdpExchangeAsync(server, WireQuery.BuildRaw(0x4343, [0x01, 0x61, 0xC0, 0x0C], WireQuery.TypeTxt));

        AssertFormatErrorWithoutQuestion(reply, 0x4343);
    }

    [Test]
    public async Task A_TCP_query_for_a_name_over_255_octets_gets_FORMERR_without_the_name_and_the_connection_goes_on()
    {
        var server = await StartAsync();
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + "." + Zone;
        using var client = await ConnectAsync(server);
        var stream = client.GetStream();

        await stream.WriteAsync(WireQuery.Framed(WireQuery.Build(0x5151, name, WireQuery.TypeTxt)));
        var formatError = await ReadFramedAsync(stream);
        await stream.WriteAsync(WireQuery.Framed(WireQuery.Build(0x5252, $"{Token}.{Zone}", WireQuery.TypeTxt)));
        var answer = await ReadFramedAsync(stream);

        AssertFormatErrorWithoutQuestion(formatError, 0x5151);
        Assert.That(WireQuery.AnswerCountOf(answer), Is.EqualTo(1));
    }

    [Test]
    public async Task Connections_held_from_one_address_do_not_lock_out_a_query_from_another()
    {
        var server = await StartAsync(options =>
        {
            options.MaxTcpConnections = 10;
            options.MaxTcpConnectionsPerClient = 5;
        });
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var idle = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
                held.Add(idle);
                await idle.ConnectAsync(server.TcpEndPoint!);
            }

            using var legitimate = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await legitimate.ConnectAsync(server.TcpEndPoint!);
            var stream = legitimate.GetStream();
            await stream.WriteAsync(WireQuery.Framed(WireQuery.Build(0x6161, $"{Token}.{Zone}", WireQuery.TypeTxt)));
            var answer = await ReadFramedAsync(stream);

            Assert.Multiple(() =>
            {
                Assert.That(WireQuery.IdOf(answer), Is.EqualTo(0x6161));
                Assert.That(WireQuery.AnswerCountOf(answer), Is.EqualTo(1));
            });
        }
        finally
        {
            held.ForEach(client => client.Dispose());
        }
    }

    [Test]
    public async Task An_idle_TCP_connection_is_closed_after_the_idle_timeout_and_not_before()
    {
        var server = await StartAsync();
        using var client = await ConnectAsync(server);
        var stream = client.GetStream();
        await stream.WriteAsync(WireQuery.Framed(WireQuery.Build(1, $"{Token}.{Zone}", WireQuery.TypeTxt)));
        await ReadFramedAsync(stream);

        _time.Advance(TimeSpan.FromSeconds(9));
        await stream.WriteAsync(WireQuery.Framed(WireQuery.Build(2, $"{Token}.{Zone}", WireQuery.TypeTxt)));
        var second = await ReadFramedAsync(stream);

        // The idle timer starts when the server waits again, which the test cannot see: advance a second at a time.
        // A late start only delays the close; it can never make it early.
        var idleSeconds = 0;
        while (idleSeconds < 30 && !await ClosesSoonAsync(stream))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            idleSeconds++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(WireQuery.IdOf(second), Is.EqualTo(2), "9 s idle is within the 10 s default");
            Assert.That(idleSeconds, Is.InRange(10, 29), "closed after 10 s idle, not before");
        });
    }

    [Test]
    public async Task A_query_trickled_one_octet_at_a_time_is_cut_off_by_the_query_timeout()
    {
        var server = await StartAsync(options => options.TcpIdleTimeout = TimeSpan.FromSeconds(60));
        using var client = await ConnectAsync(server);
        var stream = client.GetStream();
        var query = WireQuery.Framed(WireQuery.Build(1, $"{Token}.{Zone}", WireQuery.TypeTxt));

        // One octet every 4 s, well within the 60 s idle timeout: the query's 5 s budget, which no octet renews, cuts it off.
        var sent = 0;
        var closed = false;
        while (sent < query.Length - 1 && !closed)
        {
            try
            {
                await stream.WriteAsync(query.AsMemory(sent, 1));
                sent++;
            }
            catch (IOException)
            {
                break;
            }

            closed = await ClosesSoonAsync(stream);
            _time.Advance(TimeSpan.FromSeconds(4));
        }

        Assert.That(sent, Is.LessThanOrEqualTo(4), $"open for {sent} of {query.Length} octets, {sent * 4} s");
    }

    [Test]
    public async Task A_TCP_connection_is_closed_after_its_last_allowed_query_is_answered()
    {
        var server = await StartAsync(options => options.MaxQueriesPerTcpConnection = 3);
        using var client = await ConnectAsync(server);
        var stream = client.GetStream();
        var queries = Enumerable.Range(1, 5)
            .SelectMany(id => WireQuery.Framed(WireQuery.Build((ushort)id, $"{Token}.{Zone}", WireQuery.TypeTxt))).ToArray();
        await stream.WriteAsync(queries);

        var ids = new List<ushort>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(WireQuery.IdOf(await ReadFramedAsync(stream)));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(ids, Is.EquivalentTo(new ushort[] { 1, 2, 3 }));
            Assert.That(await ReadToEndAsync(stream), Is.Zero, "no fourth answer; the connection closes");
        });
    }

    private static void AssertFormatErrorWithoutQuestion(byte[] reply, ushort id)
    {
        Assert.Multiple(() =>
        {
            Assert.That(WireQuery.IdOf(reply), Is.EqualTo(id));
            Assert.That(WireQuery.ReturnCodeOf(reply), Is.EqualTo(1), "FORMERR");
            Assert.That(WireQuery.QuestionCountOf(reply), Is.Zero, "the malformed name is not echoed");
            Assert.That(reply, Has.Length.EqualTo(12));
        });
    }

    private static async Task<byte[]> UdpExchangeAsync(DkimZoneServer server, byte[] query)
    {
        using var client = new UdpClient(AddressFamily.InterNetwork);
        client.Connect(server.UdpEndPoint!);
        await client.SendAsync(query);
        using var timeout = new CancellationTokenSource(Patience);
        return (await client.ReceiveAsync(timeout.Token)).Buffer;
    }

    private static async Task<List<byte[]>> ReceiveUntilQuietAsync(UdpClient client)
    {
        var replies = new List<byte[]>();
        while (true)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                replies.Add((await client.ReceiveAsync(quiet.Token)).Buffer);
            }
            catch (OperationCanceledException)
            {
                return replies;
            }
        }
    }

    private static async Task<TcpClient> ConnectAsync(DkimZoneServer server)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(server.TcpEndPoint!);
        return client;
    }

    private static async Task<byte[]> ReadFramedAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, timeout.Token);
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(message, timeout.Token);
        return message;
    }

    /// <summary>True when the server closes the connection within a moment (real time); no data may arrive.</summary>
    private static async Task<bool> ClosesSoonAsync(NetworkStream stream)
    {
        using var moment = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            var read = await stream.ReadAsync(new byte[1], moment.Token);
            Assert.That(read, Is.Zero, "the server sent something");
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task<int> ReadToEndAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await stream.ReadAsync(new byte[1], timeout.Token);
        }
        catch (IOException)
        {
            return 0; // reset: closed as well
        }
    }

    private static string PortOf(DkimZoneServer server) =>
        server.UdpEndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<DkimZoneServer> StartAsync(Action<DkimZoneOptions>? configure = null)
    {
        var records = new InMemoryDkimKeyRecordSource();
        records.Set(Token, TestKeys.Txt2048);
        var options = new DkimZoneOptions { Zone = Zone, EndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        configure?.Invoke(options);
        _server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, _time);
        await _server.StartAsync(CancellationToken.None);
        return _server;
    }
}
