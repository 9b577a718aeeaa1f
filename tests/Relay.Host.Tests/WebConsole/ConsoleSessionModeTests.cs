using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Identities;
using Relay.Core.Ingestion;
using Relay.Testing;

namespace Relay.Host.Tests.WebConsole;

/// <summary>In session mode there is no queue: the queue page says so, and the outcomes page records what the next hop took within the session.</summary>
public sealed class ConsoleSessionModeTests
{
    [Test]
    public async Task The_queue_page_says_there_is_none_and_a_forwarded_message_shows_as_delivered_without_a_traffic_chart()
    {
        await using var sink = SmtpSink.Start();
        await using var console = await ConsoleUnderTest.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Relay:Delivery:Mode"] = "Session",
            ["Relay:NextHop:Host"] = SmtpSink.Host,
            ["Relay:NextHop:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Relay:NextHop:TlsMode"] = "None",
        });
        await console.AddAccountAsync("shop");
        await console.Services.GetRequiredService<IIdentityStore>().SaveIdentityAsync(
            new Identity("shop", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.NotStarted, false, null), CancellationToken.None);
        using var content = new MemoryStream(Encoding.ASCII.GetBytes("From: <news@example.com>\r\nTo: <a@dest.example>\r\nSubject: now\r\n\r\nbody\r\n"));
        var result = await console.Services.GetRequiredService<IMessageIngestion>().IngestAsync(
            new InboundMessage("shop", "news@example.com", ["a@dest.example"], false, false, content, "smtp"), CancellationToken.None);
        using var client = console.Client();
        await client.SignInAsAdminAsync();

        var queue = await client.GetTextAsync("/queue");
        var outcomes = await client.GetTextAsync("/outcomes?account=shop");

        Assert.That(result.Outcome, Is.EqualTo(IngestionOutcome.Accepted));
        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
        Assert.That(queue, Does.Contain("there is no queue"));
        Assert.That(outcomes, Does.Contain($"<td>news@example.com</td><td>1 recipient</td><td>Delivered</td><td>{result.ReplyCode} "));
        Assert.That(outcomes, Does.Contain("forwarded within the session"));
        Assert.That(outcomes, Does.Contain("No queue in session mode").And.Not.Contain("<svg"));
    }
}
