using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests.Cli;

/// <summary>
/// Issue 14 item 3 end to end: <c>relay run</c>, scaled down to 10 sessions, is not locked out by one address that
/// holds slow connections. Clients connect from distinct loopback addresses (127.0.0.0/8) to act as distinct hosts.
/// </summary>
[NonParallelizable]
public sealed partial class SmtpLockoutTests
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(15);
    private RelayProgram _relay = null!;

    [SetUp]
    public void SetUp() => _relay = new RelayProgram();

    [TearDown]
    public void TearDown() => _relay.Dispose();

    [Test]
    public async Task Slow_connections_from_one_address_cannot_lock_another_client_out_of_the_real_server()
    {
        using var server = await RunningServer.StartAsync(_relay, "--Relay:Smtp:MaxConnections=10", "--Relay:Smtp:MaxConnectionsPerAddress=3");
        var submission = new IPEndPoint(IPAddress.Loopback, SubmissionPort(server.Output));
        var held = new List<TcpClient>();
        try
        {
            var greetings = new List<string>();
            for (var i = 0; i < 12; i++)
            {
                var client = await ConnectAsync(submission, IPAddress.Parse("127.0.0.2"));
                held.Add(client);
                var greeting = await ReadLineAsync(client);
                greetings.Add(greeting[..3]);
                if (greeting.StartsWith("220", StringComparison.Ordinal))
                {
                    await client.GetStream().WriteAsync("N"u8.ToArray());
                }
            }

            using var legitimate = await ConnectAsync(submission, IPAddress.Parse("127.0.0.3"));
            var reply = await ReadLineAsync(legitimate);

            Assert.That(greetings.Count(code => code == "220"), Is.EqualTo(3), string.Join(' ', greetings));
            Assert.That(greetings.Where(code => code != "220"), Is.All.EqualTo("421"));
            Assert.That(reply, Does.StartWith("220"), server.Output);
        }
        finally
        {
            foreach (var client in held)
            {
                client.Dispose();
            }
        }
    }

    private static int SubmissionPort(string output)
    {
        var match = ListeningLine().Match(output);
        Assert.That(match.Success, Is.True, output);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<TcpClient> ConnectAsync(IPEndPoint server, IPAddress from)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        client.Client.Bind(new IPEndPoint(from, 0));
        await client.ConnectAsync(server).WaitAsync(ReadLimit);
        return client;
    }

    private static async Task<string> ReadLineAsync(TcpClient client)
    {
        var line = new StringBuilder();
        var octet = new byte[1];
        while (await client.GetStream().ReadAsync(octet).AsTask().WaitAsync(ReadLimit) == 1 && octet[0] != '\n')
        {
            line.Append((char)octet[0]);
        }

        return line.ToString();
    }

    [GeneratedRegex(@"SMTP listening on 127\.0\.0\.1:(\d+) \(implicit TLS: False\)")]
    private static partial Regex ListeningLine();
}
