using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// MX delivery through a real DNS server: BIND on loopback serves dest.test with two MX hosts; the preferred one
/// (127.0.0.2) has nothing listening, the second (127.0.0.1) is the sink. Relay must fall through to it.
/// </summary>
public sealed class MxDeliveryThroughRelayTests
{
    private const string Password = "correct horse battery";

    [Test]
    [CancelAfter(120_000)]
    public async Task With_the_first_mx_down_the_message_goes_to_the_second(CancellationToken cancellationToken)
    {
        await using var dns = await BindServer.StartAsync(
            [new TestZone("dest.test", "@ MX 10 mx1\n@ MX 20 mx2\nmx1 A 127.0.0.2\nmx2 A 127.0.0.1\n")], cancellationToken);
        var sink = SmtpSink.Start();
        RelayUnderTest relay;
        try
        {
            relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
            {
                ["Relay:Delivery:Mode"] = "Queue",
                ["Relay:Delivery:Routing"] = "Mx",
                ["Relay:Delivery:MxPort"] = sink.Port.ToString(CultureInfo.InvariantCulture),
                ["Relay:Delivery:DnsServers:0"] = dns.EndPoint.ToString(),
                ["Relay:NextHop:ConnectTimeout"] = "00:00:05",
            });
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }

        await using (relay)
        {
            relay.AttachSink(sink);
            await relay.AddAccountAsync("shop", Password);
            await relay.AddDomainAsync("shop", "example.com");

            await SendAsync(relay, "someone@dest.test");

            var delivered = (await SinkWait.ForDeliveredAsync(sink, 1, TimeSpan.FromSeconds(60))).Single();
            Assert.That(delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
            Assert.That(sink.Sessions, Has.Count.EqualTo(1), "one connection, to mx2");
            var verdicts = await DkimVerifiers.VerifyWithPythonAsync(delivered.Data, relay.TxtRecords);
            Assert.That(verdicts.All(v => v.Passed), Is.True, DkimVerdict.Describe(verdicts));
        }
    }

    private static async Task SendAsync(RelayUnderTest relay, string recipient)
    {
        var text = $"From: news@example.com\r\nTo: {recipient}\r\nSubject: mx\r\n\r\nDirect delivery\r\n";
        using var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(relay.SubmissionEndPoint.Address.ToString(), relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("shop", Password);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }
}
