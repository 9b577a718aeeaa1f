using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 14 item 3 (the API): through real sockets against the real host, with the limits scaled down. Connections
/// past the per-address and total limits are closed at once; a socket that sends nothing, headers that trickle in
/// and a body slower than the minimum rate are cut off, however long the client keeps sending.
/// </summary>
public sealed class ApiConnectionLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Third = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Fourth = IPAddress.Parse("127.0.0.4");

    [Test]
    [CancelAfter(60_000)]
    public async Task A_connection_past_the_per_address_limit_is_closed_while_other_addresses_are_served(CancellationToken cancellationToken)
    {
        await using var relay = await ApiRelay.StartAsync(Limits(("MaxConnectionsPerAddress", "4"), ("MaxConnections", "10")));
        var held = await OpenAsync(IPAddress.Loopback, 4, relay, cancellationToken);

        using var fifth = await ConnectAsync(IPAddress.Loopback, relay, cancellationToken);
        var fifthClosed = await ClosedWithinAsync(fifth, TimeSpan.FromSeconds(5), cancellationToken);
        var other = await HealthAsync(Second, relay, cancellationToken);
        DisposeAll(held);
        var again = await HealthAsync(IPAddress.Loopback, relay, cancellationToken);
        for (var attempt = 0; attempt < 50 && again == "closed"; attempt++)
        {
            // The server learns of the closes asynchronously.
            await Task.Delay(100, cancellationToken);
            again = await HealthAsync(IPAddress.Loopback, relay, cancellationToken);
        }

        Assert.That(fifthClosed, Is.True, "the fifth connection from 127.0.0.1 is closed");
        Assert.That(other, Does.StartWith("HTTP/1.1 200"), "another address is still served");
        Assert.That(again, Does.StartWith("HTTP/1.1 200"), "once its connections close, the address is served again");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_connection_past_the_total_limit_is_closed(CancellationToken cancellationToken)
    {
        await using var relay = await ApiRelay.StartAsync(Limits(("MaxConnectionsPerAddress", "4"), ("MaxConnections", "8")));
        var held = await OpenAsync(Second, 4, relay, cancellationToken);
        held.AddRange(await OpenAsync(Third, 4, relay, cancellationToken));

        using var ninth = await ConnectAsync(Fourth, relay, cancellationToken);
        var closed = await ClosedWithinAsync(ninth, TimeSpan.FromSeconds(5), cancellationToken);
        DisposeAll(held);

        Assert.That(closed, Is.True);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_socket_that_sends_nothing_is_closed_after_the_keep_alive_timeout(CancellationToken cancellationToken)
    {
        await using var relay = await ApiRelay.StartAsync(Limits(("KeepAliveTimeout", "00:00:02")));
        using var silent = await ConnectAsync(IPAddress.Loopback, relay, cancellationToken);
        var waited = Stopwatch.StartNew();

        var closed = await ClosedWithinAsync(silent, Patience, cancellationToken);

        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"silent socket closed after {waited.Elapsed.TotalSeconds:F1} s"));
        Assert.That(closed, Is.True);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Headers_that_trickle_in_are_cut_off_at_the_headers_timeout(CancellationToken cancellationToken)
    {
        await using var relay = await ApiRelay.StartAsync(Limits(("RequestHeadersTimeout", "00:00:02")));
        using var client = await ConnectAsync(IPAddress.Loopback, relay, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("GET /health HTTP/1.1\r\nHost: relay.test\r\nX-Padding: "u8.ToArray(), cancellationToken);

        var closed = ClosedWithinAsync(client, Patience, cancellationToken);
        var sent = await TrickleAsync(stream, "a"u8.ToArray(), TimeSpan.FromMilliseconds(250), closed, cancellationToken);

        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"headers cut off after {sent} trickled bytes"));
        Assert.That(await closed, Is.True, "a byte every 250 ms must not keep the headers open");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_body_slower_than_the_minimum_rate_is_cut_off(CancellationToken cancellationToken)
    {
        await using var relay = await ApiRelay.StartAsync(Limits(("MinRequestBodyDataRate", "1024"), ("MinDataRateGracePeriod", "00:00:02")));
        using var client = await ConnectAsync(IPAddress.Loopback, relay, cancellationToken);
        var stream = client.GetStream();
        // A signed head with a real key, so the body is read; Kestrel's default minimum (240 B/s) lets 300 B/s through.
        var signed = SigV4TestSigner.SignedQuery(relay.Endpoint, "Action=GetSendQuota", relay.ShopKey.Id, relay.ShopKey.Secret, ApiRelay.Region, DateTimeOffset.UtcNow);
        var head = new StringBuilder("POST / HTTP/1.1\r\n");
        foreach (var (name, values) in signed.Headers.Concat(signed.Content!.Headers.Where(h => h.Key != "Content-Length")))
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {string.Join(", ", values)}\r\n");
        }

        head.Append("Content-Length: 1000000\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);

        var closed = ClosedWithinAsync(client, Patience, cancellationToken);
        var sent = await TrickleAsync(stream, new byte[60], TimeSpan.FromMilliseconds(200), closed, cancellationToken);

        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"body cut off after {sent} bytes at 300 B/s"));
        Assert.That(await closed, Is.True, "300 B/s is below the 1024 B/s minimum");
    }

    private static Dictionary<string, string?> Limits(params (string Name, string Value)[] limits) =>
        limits.ToDictionary(limit => $"Relay:Api:{limit.Name}", limit => (string?)limit.Value);

    private static async Task<TcpClient> ConnectAsync(IPAddress from, ApiRelay relay, CancellationToken cancellationToken)
    {
        var client = new TcpClient(new IPEndPoint(from, 0));
        await client.ConnectAsync(IPAddress.Loopback, relay.Endpoint.Port, cancellationToken);
        return client;
    }

    /// <summary>Connections that are certainly established on the server: each one served a request and is kept alive.</summary>
    private static async Task<List<TcpClient>> OpenAsync(IPAddress from, int count, ApiRelay relay, CancellationToken cancellationToken)
    {
        var clients = new List<TcpClient>();
        for (var index = 0; index < count; index++)
        {
            var client = await ConnectAsync(from, relay, cancellationToken);
            clients.Add(client);
            Assert.That(await RequestHealthAsync(client, cancellationToken), Does.StartWith("HTTP/1.1 200"), $"held connection {index + 1} from {from}");
        }

        return clients;
    }

    private static async Task<string> HealthAsync(IPAddress from, ApiRelay relay, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(from, relay, cancellationToken);
        return await RequestHealthAsync(client, cancellationToken);
    }

    /// <summary>GET /health on the connection; the status line, or "closed".</summary>
    private static async Task<string> RequestHealthAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync("GET /health HTTP/1.1\r\nHost: relay.test\r\n\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[1024];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return read == 0 ? "closed" : Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        }
        catch (IOException)
        {
            return "closed";
        }
    }

    /// <summary>Reads and discards until the server closes the connection (true) or <paramref name="limit"/> passes (false).</summary>
    private static async Task<bool> ClosedWithinAsync(TcpClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var buffer = new byte[1024];
        try
        {
            while (await client.GetStream().ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="piece"/> every <paramref name="interval"/> until <paramref name="stop"/> ends; the bytes sent.</summary>
    private static async Task<int> TrickleAsync(NetworkStream stream, byte[] piece, TimeSpan interval, Task stop, CancellationToken cancellationToken)
    {
        var sent = 0;
        try
        {
            while (!stop.IsCompleted)
            {
                await stream.WriteAsync(piece, cancellationToken);
                sent += piece.Length;
                await Task.WhenAny(stop, Task.Delay(interval, cancellationToken));
            }
        }
        catch (IOException)
        {
            // Closed by the server mid-write.
        }

        return sent;
    }

    private static void DisposeAll(List<TcpClient> clients)
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
