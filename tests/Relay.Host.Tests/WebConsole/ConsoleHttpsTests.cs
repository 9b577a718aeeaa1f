using System.Net;

namespace Relay.Host.Tests.WebConsole;

/// <summary><c>Relay:Console:Https</c>: the console over TLS, with the session cookie Secure.</summary>
public sealed class ConsoleHttpsTests
{
    [Test]
    public async Task Over_https_the_session_cookie_is_secure()
    {
        await using var console = await ConsoleUnderTest.StartAsync(https: true);
        using var client = console.Client();

        using var response = await client.SignInAsync(ConsoleUnderTest.UserName, ConsoleUnderTest.Password);

        Assert.That(console.BaseAddress.Scheme, Is.EqualTo("https"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var line = client.SetCookies.Last(cookie => cookie.StartsWith("relay-console-session=", StringComparison.Ordinal));
        var attributes = line.Split(';').Skip(1).Select(attribute => attribute.Trim()).ToList();
        Assert.That(attributes, Has.Some.EqualTo("secure").IgnoreCase);
        Assert.That(attributes, Has.Some.EqualTo("httponly").IgnoreCase);
        using var page = await client.GetAsync("/identities");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
