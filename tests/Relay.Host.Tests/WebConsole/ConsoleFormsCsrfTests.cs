using System.Net;
using System.Text.RegularExpressions;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// Every form of the console, found by walking its pages from the identities list (links followed, forms collected)
/// rather than from a list kept by hand, refuses a post without its CSRF token (400) and with a wrong one (403), and
/// changes nothing when it does.
/// </summary>
public sealed partial class ConsoleFormsCsrfTests
{
    /// <summary>Pages walked at most: far more than the console has, so a link loop cannot make the test run on.</summary>
    private const int MaxPages = 200;

    [Test]
    public async Task Every_form_on_every_page_refuses_a_missing_or_wrong_csrf_token()
    {
        await using var console = await ConsoleUnderTest.StartAsync(settings: ConsoleMailTestData.UnreachableNextHop);
        await console.AddAccountAsync("shop");
        await console.AddDomainAsync("shop", "easy.example");
        await console.Identities.CreateIdentityAsync("shop", "news@easy.example", null, CancellationToken.None);
        // A queued message, so the queue's pages have their retry and delete forms too.
        await ConsoleMailTestData.EnqueueAsync(console, "shop", "news@easy.example", "someone@dest.example");
        var before = await VersionsAsync(console);
        using var client = console.Client();
        await client.SignInAsAdminAsync();

        var forms = await WalkAsync(client);
        using var anonymous = console.Client();
        forms.AddRange(Forms(await anonymous.GetTextAsync("/sign-in"), "/sign-in"));

        var actions = forms.Select(form => form.Action).Distinct().ToList();
        await TestContext.Out.WriteLineAsync("Forms found: " + string.Join(", ", actions));
        Assert.That(actions, Has.Count.GreaterThanOrEqualTo(9), "sign-in, sign-out, two add forms and at least five changes: " + string.Join(", ", actions));
        Assert.That(actions, Is.SupersetOf(new[] { "/queue/retry", "/queue/delete", "/accounts/create", "/access-keys/create" }),
            "the operator pages' forms are walked too");
        foreach (var form in forms.DistinctBy(form => (form.Action, string.Join('&', form.Fields.Select(field => field.Name + "=" + field.Value)))))
        {
            var poster = form.Action == "/sign-in" ? anonymous : client;
            var withoutToken = form.Fields.Where(field => field.Name != "csrf").ToArray();
            using var missing = await poster.PostAsync(form.Action, withoutToken);
            using var wrong = await poster.PostAsync(form.Action, [("csrf", "not-the-token"), .. withoutToken]);

            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{form.Action} (on {form.Page}) without a token");
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{form.Action} (on {form.Page}) with a wrong token");
        }

        Assert.That(await VersionsAsync(console), Is.EqualTo(before), "no identity added, changed or deleted");
        Assert.That(ConsoleClient.IsRedirectToSignIn(await client.GetAsync("/no-such-page")), Is.False, "still signed in: sign-out was refused too");
    }

    /// <summary>Every post form on every page reachable by links from the identities list.</summary>
    private static async Task<List<PostForm>> WalkAsync(ConsoleClient client)
    {
        var forms = new List<PostForm>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/identities" };
        var queue = new Queue<string>(seen);
        while (queue.Count > 0 && seen.Count <= MaxPages)
        {
            var page = queue.Dequeue();
            using var response = await client.GetAsync(page);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            forms.AddRange(Forms(html, page));
            foreach (Match link in Link().Matches(html))
            {
                var href = WebUtility.HtmlDecode(link.Groups["href"].Value);
                if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && seen.Add(href))
                {
                    queue.Enqueue(href);
                }
            }
        }

        Assert.That(seen, Has.Count.LessThanOrEqualTo(MaxPages));
        return forms;
    }

    private static IEnumerable<PostForm> Forms(string html, string page) =>
        FormElement().Matches(html).Select(form => new PostForm(
            page,
            WebUtility.HtmlDecode(form.Groups["action"].Value),
            Field().Matches(form.Groups["body"].Value)
                .Select(field => (WebUtility.HtmlDecode(field.Groups["name"].Value), WebUtility.HtmlDecode(field.Groups["value"].Value)))
                .ToArray()));

    private static async Task<Dictionary<string, long>> VersionsAsync(ConsoleUnderTest console) =>
        (await console.Identities.ListAsync("shop", CancellationToken.None)).ToDictionary(identity => identity.Name, identity => identity.Version);

    [GeneratedRegex("""<a [^>]*href="(?<href>[^"]+)""")]
    private static partial Regex Link();

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)"[^>]*>(?<body>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    /// <summary>Hidden fields, and the values of inputs, selects' first options and radios are left out: the token is what is tested.</summary>
    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex Field();

    private sealed record PostForm(string Page, string Action, (string Name, string Value)[] Fields);
}
