using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Relay.Delivery.Queue;

namespace Relay.Host.Tests.WebConsole;

/// <summary>Settings and messages the tests of the queue and outcomes pages share.</summary>
internal static class ConsoleMailTestData
{
    /// <summary>A next hop where nothing listens: every attempt is deferred (connection refused) and the message stays queued.</summary>
    public static readonly IReadOnlyDictionary<string, string?> UnreachableNextHop = new Dictionary<string, string?>
    {
        ["Relay:NextHop:Host"] = "127.0.0.1",
        ["Relay:NextHop:Port"] = "9",
        ["Relay:NextHop:TlsMode"] = "None",
        ["Relay:NextHop:ConnectTimeout"] = "00:00:02",
    };

    /// <summary>Puts a message in the queue as the ingestion path would once it is signed.</summary>
    public static async Task<string> EnqueueAsync(ConsoleUnderTest console, string accountId, string from, params string[] recipients)
    {
        var scheduler = console.Services.GetRequiredService<DeliveryScheduler>();
        using var content = new MemoryStream(Encoding.ASCII.GetBytes($"From: <{from}>\r\nTo: <{recipients[0]}>\r\nSubject: queued\r\n\r\nbody\r\n"));
        var spooled = await scheduler.EnqueueAsync(new QueuedMessage(from, recipients, false, false, accountId), content, CancellationToken.None);
        return spooled.Envelope.Id;
    }

    /// <summary>Asks for the page until <paramref name="done"/> holds for it (the queue works on its own schedule), or 30 s pass.</summary>
    public static async Task<string> WaitForPageAsync(ConsoleClient client, string path, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string html;
        while (!done(html = await client.GetTextAsync(path)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return html;
    }
}
