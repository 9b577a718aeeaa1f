using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Relay.Core.Accounts;
using Relay.Core.Storage;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 14 item 2, against the real relay process: many large POSTs at once whose Authorization header names no
/// key must be refused from their headers, and those that name a real key (its id is no secret) but are not signed
/// with its secret are read to disk, a bounded number at a time; either way the server's peak resident memory stays small.
/// </summary>
public sealed class ApiMemoryExhaustionTests
{
    private const int Attackers = 30;
    private const int BodyBytes = 60 * 1024 * 1024;
    private const long PeakLimit = 300L * 1024 * 1024;

    [Test]
    [CancelAfter(120_000)]
    public async Task Large_posts_with_a_fake_signature_are_refused_before_their_bodies_are_read(CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("relay-api-memory-").FullName;
        var api = new IPEndPoint(IPAddress.Loopback, Relay.Testing.SmtpSink.UnusedPort());
        try
        {
            using var relay = await RelayProcess.StartAsync(Settings(dataDirectory, api));
            var before = relay.PeakResidentBytes;

            var outcomes = await Task.WhenAll(Enumerable.Range(0, Attackers).Select(_ => PostAsync(api, "RELAYNOSUCHKEY234567", cancellationToken)));

            var peak = relay.PeakResidentBytes;
            await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Attackers} x {BodyBytes / (1024 * 1024)} MiB: peak RSS {before / (1024 * 1024)} MiB before, {peak / (1024 * 1024)} MiB after; " +
                $"outcomes: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} x{g.Count()}"))}"));
            Assert.That(peak, Is.LessThan(PeakLimit), relay.Output);
            Assert.That(outcomes, Has.None.StartsWith("HTTP/1.1 2"));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Large_posts_naming_a_real_key_with_a_bad_signature_are_read_to_disk_a_few_at_a_time(CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("relay-api-memory-").FullName;
        var api = new IPEndPoint(IPAddress.Loopback, Relay.Testing.SmtpSink.UnusedPort());
        try
        {
            var keyId = await SeedAccessKeyAsync(dataDirectory, cancellationToken);
            using var relay = await RelayProcess.StartAsync(Settings(dataDirectory, api));

            var outcomes = await Task.WhenAll(Enumerable.Range(0, Attackers).Select(_ => PostAsync(api, keyId, cancellationToken)));

            var peak = relay.PeakResidentBytes;
            await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Attackers} x {BodyBytes / (1024 * 1024)} MiB naming a real key: peak RSS {peak / (1024 * 1024)} MiB; " +
                $"outcomes: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} x{g.Count()}"))}"));
            Assert.That(peak, Is.LessThan(PeakLimit), relay.Output);
            Assert.That(outcomes, Has.None.StartsWith("HTTP/1.1 2"));
            Assert.That(Directory.EnumerateFiles(Path.Combine(dataDirectory, "tmp")), Is.Empty, "no body is left on disk");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> SeedAccessKeyAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var store = await SqliteRelayStore.OpenAsync(Path.Combine(dataDirectory, "relay.db"), cancellationToken);
        await store.SaveAccountAsync(new Account("shop", "shop", "shop", SmtpPasswordHasher.Hash("unused password", 1_000), null), cancellationToken);
        var cipher = AccessKeySecretCipher.LoadOrCreate(Path.Combine(dataDirectory, "keys", "access-keys.key"));
        var keys = await SqliteAccessKeyStore.OpenAsync(Path.Combine(dataDirectory, "relay.db"), cipher, cancellationToken);
        var key = AccessKeyGenerator.Create("shop", DateTimeOffset.UtcNow);
        await keys.AddAsync(key, cancellationToken);
        return key.Id;
    }

    /// <summary>Sends the headers and then the body as fast as the server takes it; returns the status line, or "closed".</summary>
    private static async Task<string> PostAsync(IPEndPoint api, string keyId, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(api, cancellationToken);
        var stream = client.GetStream();
        var now = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var head = "POST / HTTP/1.1\r\n" +
                   $"Host: {api}\r\n" +
                   "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n" +
                   $"Content-Length: {BodyBytes.ToString(CultureInfo.InvariantCulture)}\r\n" +
                   $"X-Amz-Date: {now}\r\n" +
                   $"Authorization: AWS4-HMAC-SHA256 Credential={keyId}/{now[..8]}/us-east-1/ses/aws4_request, " +
                   $"SignedHeaders=content-type;host;x-amz-date, Signature={new string('0', 64)}\r\n\r\n";
        var reply = ReadStatusLineAsync(stream, cancellationToken);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1024 * 1024));
            for (var sent = 0; sent < BodyBytes && !reply.IsCompleted; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server closed the connection instead of taking the body: what a refusal from the headers may do.
        }

        return await reply;
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var octet = new byte[1];
        try
        {
            while (await stream.ReadAsync(octet, cancellationToken) == 1 && octet[0] != '\n')
            {
                line.Append((char)octet[0]);
            }
        }
        catch (IOException)
        {
            // Reset by the server.
        }

        return line.Length == 0 ? "closed" : line.ToString().TrimEnd('\r');
    }

    private static Dictionary<string, string> Settings(string dataDirectory, IPEndPoint api) => new()
    {
        ["Relay:DataDirectory"] = dataDirectory,
        ["Relay:Smtp:ServerName"] = "relay.test",
        ["Relay:Provider:Domain"] = RelayUnderTest.ProviderDomain,
        ["Relay:Provider:Selector"] = RelayUnderTest.ProviderSelector,
        ["Relay:NextHop:Host"] = "127.0.0.1",
        ["Relay:NextHop:Port"] = Relay.Testing.SmtpSink.UnusedPort().ToString(CultureInfo.InvariantCulture),
        ["Relay:NextHop:TlsMode"] = "None",
        ["Relay:KeyZone:Listen"] = "127.0.0.1:0",
        ["Relay:Api:Endpoint"] = api.ToString(),
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };
}
