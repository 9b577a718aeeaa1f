using System.Net;

namespace Relay.Host.Tests.WebConsole;

/// <summary>The console over HTTP, as a browser reaches it: no page without a session, cookies, CSRF on every form.</summary>
public sealed class ConsoleSignInTests
{
    private ConsoleUnderTest _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _console = await ConsoleUnderTest.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    [TestCase("/")]
    [TestCase("/identities")]
    [TestCase("/identity?account=shop&name=example.com")]
    [TestCase("/no-such-page")]
    public async Task A_page_without_a_session_redirects_to_sign_in(string path)
    {
        using var client = _console.Client();

        using var response = await client.GetAsync(path);

        Assert.That(ConsoleClient.IsRedirectToSignIn(response), Is.True, $"{path}: {response.StatusCode} {response.Headers.Location}");
    }

    [Test]
    public async Task A_made_up_session_cookie_is_no_session()
    {
        using var client = _console.Client();
        client.SetCookie("relay-console-session", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        using var response = await client.GetAsync("/identities");

        Assert.That(ConsoleClient.IsRedirectToSignIn(response), Is.True);
    }

    [Test]
    public async Task Signing_in_sets_a_strict_http_only_session_cookie_of_256_random_bits()
    {
        using var client = _console.Client();

        using var response = await client.SignInAsync(ConsoleUnderTest.UserName, ConsoleUnderTest.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/identities"));
        var line = client.SetCookies.Last(cookie => cookie.StartsWith("relay-console-session=", StringComparison.Ordinal));
        var attributes = line.Split(';').Skip(1).Select(attribute => attribute.Trim()).ToList();
        Assert.That(attributes, Has.Some.EqualTo("httponly").IgnoreCase);
        Assert.That(attributes, Has.Some.EqualTo("samesite=strict").IgnoreCase);
        Assert.That(attributes, Has.None.EqualTo("secure").IgnoreCase, "plain HTTP here: Secure only over TLS");
        Assert.That(attributes, Has.None.StartsWith("expires").IgnoreCase, "a session cookie, gone with the browser");
        var id = client.Cookie("relay-console-session")!;
        Assert.That(System.Buffers.Text.Base64Url.DecodeFromChars(id), Has.Length.EqualTo(32));
        using var page = await client.GetAsync("/identities");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(string.Join(" ", page.Headers.GetValues("Content-Security-Policy")), Does.Contain("default-src 'none'"));
    }

    [Test]
    public async Task A_wrong_password_is_401_and_no_session()
    {
        using var client = _console.Client();

        using var response = await client.SignInAsync(ConsoleUnderTest.UserName, "not the password");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(client.Cookie("relay-console-session"), Is.Null);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("The name or the password is wrong."));
    }

    [Test]
    public async Task A_sign_in_form_without_its_csrf_token_is_400_and_with_a_wrong_one_403()
    {
        using var client = _console.Client();
        var page = await client.GetTextAsync("/sign-in");
        var token = ConsoleClient.CsrfToken(page);

        using var without = await client.PostAsync("/sign-in", ("name", ConsoleUnderTest.UserName), ("password", ConsoleUnderTest.Password));
        using var wrong = await client.PostAsync("/sign-in", ("csrf", token + "x"), ("name", ConsoleUnderTest.UserName), ("password", ConsoleUnderTest.Password));
        client.SetCookie("relay-console-sign-in", "other");
        using var cookieDiffers = await client.PostAsync("/sign-in", ("csrf", token), ("name", ConsoleUnderTest.UserName), ("password", ConsoleUnderTest.Password));

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(cookieDiffers.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the token must match the cookie of the page that was shown");
        Assert.That(client.Cookie("relay-console-session"), Is.Null);
    }

    [Test]
    public async Task A_signed_in_form_without_its_csrf_token_is_400_and_with_a_wrong_one_403_and_the_session_stays()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var page = await client.GetTextAsync("/identities");
        var token = ConsoleClient.CsrfToken(page);

        using var without = await client.PostAsync("/sign-out");
        using var wrong = await client.PostAsync("/sign-out", ("csrf", token[..^1]));
        using var notAForm = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/sign-out") { Content = new StringContent($"csrf={token}") });

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(notAForm.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var still = await client.GetAsync("/identities");
        Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused form signs nobody out");
    }

    [Test]
    public async Task Signing_out_ends_the_session_on_the_server()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var id = client.Cookie("relay-console-session")!;
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/identities"));

        using var signOut = await client.PostAsync("/sign-out", ("csrf", token));
        client.SetCookie("relay-console-session", id);
        using var after = await client.GetAsync("/identities");

        Assert.That(ConsoleClient.IsRedirectToSignIn(signOut), Is.True);
        Assert.That(ConsoleClient.IsRedirectToSignIn(after), Is.True, "the old id no longer opens a page");
    }
}
