using System.Net;
using System.Text.RegularExpressions;
using Relay.Delivery.Spool;
using Relay.Queueing;

namespace Relay.Host.Tests.WebConsole;

/// <summary>The queue page lists what <c>relay queue list</c> lists, and its retry and delete forms act on the message through the same inbox.</summary>
public sealed partial class ConsoleQueuePageTests
{
    private ConsoleUnderTest _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>(ConsoleMailTestData.UnreachableNextHop) { ["Relay:Console:Mail:QueuePageSize"] = "2" };
        _console = await ConsoleUnderTest.StartAsync(settings: settings);
        await _console.AddAccountAsync("shop");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    [Test]
    public async Task A_deferred_message_is_listed_with_its_account_sender_recipients_attempts_and_last_reply_then_retry_now_tries_it_again()
    {
        var id = await ConsoleMailTestData.EnqueueAsync(_console, "shop", "news@shop.example", "a@dest.example", "b@dest.example");
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        var listed = await ConsoleMailTestData.WaitForPageAsync(client, "/queue", html => Row(html, id) is { } row && row.Contains("<td>1</td>", StringComparison.Ordinal));
        var row = Row(listed, id);
        Assert.That(row, Is.Not.Null, listed);
        Assert.That(row, Does.Contain("<td>shop</td><td>news@shop.example</td><td>2 / 2</td>"));
        Assert.That(row, Does.Contain("<td>1</td>"), "one attempt");
        Assert.That(row, Does.Match("<td>[^<]*(refused|connect)[^<]*</td>"), "the last error says why");

        var message = await client.GetTextAsync($"/queue/message?id={id}");
        Assert.That(message, Does.Contain("<tr><td>a@dest.example</td><td>Pending</td>").And.Contain("<tr><td>b@dest.example</td><td>Pending</td>"));
        Assert.That(message, Does.Contain("<caption>Delivery attempts, oldest first</caption>").And.Contain("127.0.0.1:9"), "the attempt, as relay queue show lists it");

        using var retry = await client.PostAsync("/queue/retry", ("csrf", ConsoleClient.CsrfToken(listed)), ("id", id));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(retry.Headers.Location?.OriginalString, Is.EqualTo("/queue"));
        var after = await client.GetTextAsync("/queue");
        Assert.That(after, Does.Contain($"Retry of {id} requested"), "the flash message after the redirect");
        Assert.That(await client.GetTextAsync("/queue"), Does.Not.Contain("Retry of"), "shown once");

        var retried = await ConsoleMailTestData.WaitForPageAsync(client, "/queue", html => Row(html, id)?.Contains("<td>2</td>", StringComparison.Ordinal) == true);
        Assert.That(Row(retried, id), Does.Contain("<td>2</td>"), "a second attempt long before the retry schedule's");
    }

    [Test]
    public async Task Delete_asks_for_confirmation_first_then_the_message_leaves_the_queue()
    {
        var id = await ConsoleMailTestData.EnqueueAsync(_console, "shop", "bye@shop.example", "c@dest.example");
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var queue = await client.GetTextAsync("/queue");
        var token = ConsoleClient.CsrfToken(queue);

        using var unconfirmed = await client.PostAsync("/queue/delete", ("csrf", token), ("id", id));
        Assert.That(unconfirmed.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(unconfirmed.Headers.Location?.OriginalString, Is.EqualTo($"/queue/delete?id={id}"), "a post without the confirmation goes to it");
        var confirmation = await client.GetTextAsync($"/queue/delete?id={id}");
        Assert.That(confirmation, Does.Contain("c@dest.example").And.Contain("name=\"confirm\" value=\"yes\""));
        Assert.That(await new SpoolReader(QueuePaths.Spool(Settings())).FindAsync(id, CancellationToken.None), Is.Not.Null, "still queued");

        using var confirmed = await client.PostAsync("/queue/delete", ("csrf", token), ("id", id), ("confirm", "yes"));
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(await client.GetTextAsync("/queue"), Does.Contain($"Deletion of {id} requested"));
        var gone = await ConsoleMailTestData.WaitForPageAsync(client, "/queue", html => !html.Contains(id, StringComparison.Ordinal));
        Assert.That(gone, Does.Not.Contain(id));
        Assert.That(await new SpoolReader(QueuePaths.Spool(Settings())).FindAsync(id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task The_listing_is_paged_by_QueuePageSize_oldest_first()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await ConsoleMailTestData.EnqueueAsync(_console, "shop", $"page{i}@shop.example", "d@dest.example"));
        }

        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var all = await new SpoolReader(QueuePaths.Spool(Settings())).ListAsync(CancellationToken.None);
        var pages = (all.Count + 1) / 2;
        var shown = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var html = await client.GetTextAsync($"/queue?page={page}");
            var rows = QueueId().Matches(html).Select(match => match.Groups["id"].Value).ToList();
            Assert.That(rows, Has.Count.LessThanOrEqualTo(2), "at most QueuePageSize rows");
            Assert.That(html, Does.Contain($"Page {page} of {pages}"));
            shown.AddRange(rows);
        }

        Assert.That(shown.Where(ids.Contains), Is.EqualTo(ids), "each on one page, in the spool's order");
        using var bad = await client.GetAsync("/queue?page=zero");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_flash_message_is_for_the_session_that_posted_only()
    {
        var id = await ConsoleMailTestData.EnqueueAsync(_console, "shop", "flash@shop.example", "e@dest.example");
        using var poster = _console.Client();
        using var other = _console.Client();
        await poster.SignInAsAdminAsync();
        await other.SignInAsAdminAsync();

        using var retry = await poster.PostAsync("/queue/retry", ("csrf", ConsoleClient.CsrfToken(await poster.GetTextAsync("/queue"))), ("id", id));
        var otherPage = await other.GetTextAsync("/queue");
        var posterPage = await poster.GetTextAsync("/queue");

        Assert.That(otherPage, Does.Not.Contain("requested"));
        Assert.That(posterPage, Does.Contain($"Retry of {id} requested"));
    }

    [Test]
    public async Task A_malformed_id_is_400_and_an_unknown_one_404()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/queue"));

        using var malformed = await client.PostAsync("/queue/retry", ("csrf", token), ("id", "../../etc/passwd"));
        using var unknown = await client.PostAsync("/queue/retry", ("csrf", token), ("id", new string('0', 32)));
        using var noToken = await client.PostAsync("/queue/retry", ("id", new string('0', 32)));

        Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await malformed.Content.ReadAsStringAsync(), Does.Contain("not a queue id"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the CSRF check comes first");
    }

    private Relay.Configuration.LoadedSettings Settings() =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Relay.Configuration.LoadedSettings>(_console.Services);

    private static string? Row(string html, string id)
    {
        var start = html.IndexOf($"<tr><td><a href=\"/queue/message?id={id}\"><code>{id}</code></a>", StringComparison.Ordinal);
        return start < 0 ? null : html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<tr><td><a href=\"/queue/message\\?id=(?<id>[0-9a-f]{32})\">")]
    private static partial Regex QueueId();
}
