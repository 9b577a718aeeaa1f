using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Ingestion;
using Relay.WebConsole.Pages;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// The outcomes page: what the queue's events and the ingestion path reported (accepted, deferred with the reply,
/// rejected with the reason), per account, and the traffic chart with its table.
/// </summary>
public sealed class ConsoleOutcomesPageTests
{
    private ConsoleUnderTest _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _console = await ConsoleUnderTest.StartAsync(settings: ConsoleMailTestData.UnreachableNextHop);
        await _console.AddAccountAsync("shop");
        await _console.AddAccountAsync("other");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    [Test]
    public async Task A_queued_message_shows_as_accepted_then_deferred_with_the_reply_and_only_under_its_account()
    {
        var id = await ConsoleMailTestData.EnqueueAsync(_console, "shop", "news@shop.example", "a@dest.example");
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        var html = await ConsoleMailTestData.WaitForPageAsync(client, "/outcomes?account=shop",
            page => page.Contains($"<code>{id}</code></td><td>news@shop.example</td><td>a@dest.example</td><td>Deferred</td>", StringComparison.Ordinal));
        var other = await client.GetTextAsync("/outcomes?account=other");

        Assert.That(html, Does.Contain($"<td>shop</td><td><code>{id}</code></td><td>news@shop.example</td><td>1 recipient</td><td>Accepted</td>"));
        Assert.That(html, Does.Contain($"<code>{id}</code></td><td>news@shop.example</td><td>a@dest.example</td><td>Deferred</td><td>451 "),
            "the deferral with the reply Relay made for the refused connection");
        Assert.That(other, Does.Not.Contain(id), "another account's page leaves it out");
        Assert.That(await client.GetTextAsync("/outcomes"), Does.Contain(id), "every account's page has it");
    }

    [Test]
    public async Task A_message_the_ingestion_path_refuses_shows_as_rejected_with_its_reason()
    {
        var ingestion = _console.Services.GetRequiredService<IMessageIngestion>();
        using var content = new MemoryStream(Encoding.ASCII.GetBytes("From: <someone@unverified.example>\r\nTo: <a@dest.example>\r\nSubject: x\r\n\r\nbody\r\n"));
        var result = await ingestion.IngestAsync(
            new InboundMessage("shop", "someone@unverified.example", ["a@dest.example", "b@dest.example"], false, false, content, "smtp"), CancellationToken.None);
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        var html = await client.GetTextAsync("/outcomes?account=shop");

        Assert.That(result.Outcome, Is.Not.EqualTo(IngestionOutcome.Accepted), "an unverified sender is refused");
        Assert.That(html, Does.Contain($"<td>someone@unverified.example</td><td>2 recipients</td><td>Rejected</td><td>{Html.Encode($"{result.ReplyCode} {result.EnhancedStatusCode} {result.Text}")}"));
    }

    [Test]
    public async Task The_traffic_chart_is_inline_svg_with_a_table_of_the_same_numbers()
    {
        await ConsoleMailTestData.EnqueueAsync(_console, "other", "chart@other.example", "c@dest.example");
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        var html = await client.GetTextAsync("/outcomes");

        Assert.That(html, Does.Contain("<svg role=\"img\" aria-labelledby=\"last-hour-title\""));
        Assert.That(html, Does.Contain("<svg role=\"img\" aria-labelledby=\"last-day-title\""));
        Assert.That(html, Does.Contain("<caption>Last hour, 5-minute buckets, as numbers</caption>"));
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("style=\""), "no script, and no inline style the policy would block");
        var lastHourRow = html[html.IndexOf("Last hour, 5-minute buckets, as numbers", StringComparison.Ordinal)..];
        var lastRow = lastHourRow[..lastHourRow.IndexOf("</tbody>", StringComparison.Ordinal)].Split("<tr>")[^1];
        Assert.That(int.Parse(lastRow.Split("<td>")[1].Split("</td>")[0], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1),
            "the latest bucket counts the message just accepted");
    }

    [Test]
    public async Task An_unknown_account_is_404()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        using var response = await client.GetAsync("/outcomes?account=nobody");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
