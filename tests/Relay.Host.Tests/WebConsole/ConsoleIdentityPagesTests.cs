using System.Net;

namespace Relay.Host.Tests.WebConsole;

/// <summary>The identities list and an identity's page show what the CLI's <c>identity list</c> and <c>identity records</c> show.</summary>
public sealed class ConsoleIdentityPagesTests
{
    private ConsoleUnderTest _console = null!;
    private IReadOnlyList<string> _tokens = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _console = await ConsoleUnderTest.StartAsync();
        await _console.AddAccountAsync("shop");
        await _console.AddAccountAsync("empty<shop>");
        _tokens = await _console.Identities.VerifyDomainDkimAsync("shop", "example.com", CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    [Test]
    public async Task The_list_shows_each_account_and_a_created_identity_with_its_dkim_status_and_signing_state()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        using var response = await client.GetAsync("/identities");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("<h2>Account shop</h2>"));
        Assert.That(html, Does.Contain("""<a href="/identity?account=shop&amp;name=example.com">example.com</a>"""));
        Assert.That(html, Does.Match("DKIM is (PENDING|TEMPORARY_FAILURE)"), "signing enabled, not signing until the CNAMEs verify");
        Assert.That(html, Does.Contain("<h2>Account empty&lt;shop&gt;</h2>"), "names are HTML-encoded");
        Assert.That(html, Does.Contain("No identities."));
        Assert.That(html, Does.Not.Contain("<script"));
    }

    [Test]
    public async Task An_identity_page_lists_the_three_cnames_to_publish()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        using var response = await client.GetAsync("/identity?account=shop&name=example.com");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_tokens, Has.Count.EqualTo(3));
        var expected = _console.Identities.RecordsFor((await _console.Identities.FindAsync("shop", "example.com", CancellationToken.None))!);
        Assert.That(expected.Count(record => record.Type == "CNAME"), Is.EqualTo(3));
        foreach (var token in _tokens)
        {
            Assert.That(html, Does.Contain($"<code class=\"copy\">{token}._domainkey.example.com</code></td><td>CNAME</td><td><code class=\"copy\">{token}.dkim.{ConsoleUnderTest.ProviderDomain}</code>"));
        }
    }

    [Test]
    public async Task Another_accounts_name_or_an_unknown_identity_is_404()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        using var wrongAccount = await client.GetAsync("/identity?account=empty%3Cshop%3E&name=example.com");
        using var unknown = await client.GetAsync("/identity?account=shop&name=nothing.example");

        Assert.That(wrongAccount.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await wrongAccount.Content.ReadAsStringAsync(), Does.Contain("empty&lt;shop&gt;"));
    }

    [Test]
    public async Task An_identity_page_shows_its_stored_history_and_the_next_check()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();

        var html = await client.GetTextAsync("/identity?account=shop&name=example.com");
        var timeline = html[html.IndexOf("<h2>Timeline</h2>", StringComparison.Ordinal)..];

        Assert.That(timeline, Does.Contain("Identity added (domain)"));
        Assert.That(timeline, Does.Contain("DKIM NOT_STARTED → PENDING"));
        Assert.That(timeline.IndexOf("DKIM NOT_STARTED → PENDING", StringComparison.Ordinal),
            Is.LessThan(timeline.IndexOf("Identity added (domain)", StringComparison.Ordinal)), "newest first");
        Assert.That(timeline, Does.Contain("<li>Next DNS check: <time"));
    }
}
