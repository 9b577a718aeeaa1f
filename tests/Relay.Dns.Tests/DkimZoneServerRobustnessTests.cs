using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Relay.Dns.Tests;

/// <summary>Bad input from the network never stops the listener; each test has its own server.</summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DkimZoneServerRobustnessTests : IAsyncDisposable
{
    private const string Zone = "dkim.relay.example.net";
    private const string Token = "qqqqrrrrssssttttuuuuvvvvwwwwxxxx";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private DkimZoneServer? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task Random_garbage_over_UDP_does_not_stop_the_listener()
    {
        var server = await StartAsync();
        var random = new Random(20240611);
        using var client = new UdpClient(AddressFamily.InterNetwork);
        foreach (var packet in GarbagePackets(random))
        {
            await client.SendAsync(packet, server.UdpEndPoint!);
        }

        var answer = await Dig.QueryAsync(PortOf(server), $"{Token}.{Zone}", "TXT");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Answer, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_message_with_QR_set_is_not_answered()
    {
        var server = await StartAsync();
        using var client = new UdpClient(AddressFamily.InterNetwork);
        await client.SendAsync(WireQuery.Build(0x1111, $"{Token}.{Zone}", WireQuery.TypeTxt, isResponse: true), server.UdpEndPoint!);
        await client.SendAsync(WireQuery.Build(0x2222, $"{Token}.{Zone}", WireQuery.TypeTxt), server.UdpEndPoint!);

        using var timeout = new CancellationTokenSource(Patience);
        var first = await client.ReceiveAsync(timeout.Token);

        Assert.Multiple(() =>
        {
            Assert.That(WireQuery.IdOf(first.Buffer), Is.EqualTo(0x2222), "the response-flagged packet got an answer");
            Assert.That(WireQuery.IsAuthoritative(first.Buffer), Is.True);
        });
    }

    [Test]
    public async Task Garbage_over_TCP_does_not_stop_the_listener()
    {
        var server = await StartAsync();
        var random = new Random(7);
        foreach (var packet in GarbagePackets(random).Take(20))
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            await client.ConnectAsync(server.TcpEndPoint!);
            var stream = client.GetStream();
            try
            {
                await stream.WriteAsync(WireQuery.Framed(packet));

                // A frame that promises more than it brings, then the client goes away.
                await stream.WriteAsync(new byte[] { 0x10, 0x00, 0x01, 0x02 });
            }
            catch (IOException)
            {
                // The server may already have closed a connection that sent garbage: what counts is that it still listens.
            }
        }

        var answer = await Dig.QueryAsync(PortOf(server), $"{Token}.{Zone}", "TXT", "+tcp");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Answer, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Pipelined_TCP_queries_get_one_whole_answer_each()
    {
        var server = await StartAsync();
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(server.TcpEndPoint!);
        var stream = client.GetStream();
        var ids = Enumerable.Range(1, 20).Select(i => (ushort)i).ToArray();
        var names = new[] { $"{Token}.{Zone}", $"missing.{Zone}" };
        var queries = ids.SelectMany(id => WireQuery.Framed(WireQuery.Build(id, names[id % 2], WireQuery.TypeTxt))).ToArray();
        await stream.WriteAsync(queries);

        using var timeout = new CancellationTokenSource(Patience);
        var answers = new Dictionary<ushort, int>();
        var prefix = new byte[2];
        for (var i = 0; i < ids.Length; i++)
        {
            await stream.ReadExactlyAsync(prefix, timeout.Token);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(message, timeout.Token);
            answers[WireQuery.IdOf(message)] = WireQuery.ReturnCodeOf(message);
        }

        Assert.Multiple(() =>
        {
            Assert.That(answers.Keys, Is.EquivalentTo(ids));
            Assert.That(ids.Where(id => id % 2 == 0).Select(id => answers[id]), Has.All.EqualTo(0), "NOERROR");
            Assert.That(ids.Where(id => id % 2 == 1).Select(id => answers[id]), Has.All.EqualTo(3), "NXDOMAIN");
        });
    }

    [Test]
    public async Task An_idle_TCP_connection_is_closed()
    {
        var server = await StartAsync(options => options.TcpIdleTimeout = TimeSpan.FromMilliseconds(200));
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(server.TcpEndPoint!);

        using var timeout = new CancellationTokenSource(Patience);
        var read = await client.GetStream().ReadAsync(new byte[1], timeout.Token);

        Assert.That(read, Is.Zero, "the server should close the idle connection");
    }

    [Test]
    public async Task A_stopped_server_no_longer_accepts_connections()
    {
        var server = await StartAsync();
        var endPoint = server.TcpEndPoint!;

        await server.StopAsync(CancellationToken.None);

        using var client = new TcpClient(AddressFamily.InterNetwork);
        Assert.That(async () => await client.ConnectAsync(endPoint), Throws.InstanceOf<SocketException>());
    }

    [Test]
    public async Task A_server_starts_only_once()
    {
        var server = await StartAsync();

        Assert.That(() => server.StartAsync(CancellationToken.None), Throws.InvalidOperationException);
    }

    private static IEnumerable<byte[]> GarbagePackets(Random random)
    {
        yield return [];
        yield return [0x00];
        yield return new byte[12];

        // A header promising 65535 questions and nothing after it.
        yield return [0x12, 0x34, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        // A question whose name is a compression pointer to itself.
        yield return [0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x0C, 0x00, 0x10, 0x00, 0x01];

        // A label longer than the packet.
        yield return [0x12, 0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3F, 0x61];

        for (var i = 0; i < 200; i++)
        {
            var packet = new byte[random.Next(0, 600)];
            random.NextBytes(packet);
            if (packet.Length > 2 && i % 2 == 0)
            {
                packet[2] &= 0x7F; // half of them pass the QR check and reach the parser
            }

            yield return packet;
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
        _server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await _server.StartAsync(CancellationToken.None);
        return _server;
    }
}
