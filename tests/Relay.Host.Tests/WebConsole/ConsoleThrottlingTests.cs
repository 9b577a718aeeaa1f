using System.Net;

namespace Relay.Host.Tests.WebConsole;

/// <summary>Failed sign-ins past <c>Relay:Console:MaxSignInFailures</c> are refused without checking the password.</summary>
public sealed class ConsoleThrottlingTests
{
    [Test]
    public async Task After_the_allowed_failures_even_the_right_password_is_refused_with_429()
    {
        await using var console = await ConsoleUnderTest.StartAsync(maxSignInFailures: 3);
        using var client = console.Client();

        var failures = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var failed = await client.SignInAsync(ConsoleUnderTest.UserName, "guess " + attempt);
            failures.Add(failed.StatusCode);
        }

        using var right = await client.SignInAsync(ConsoleUnderTest.UserName, ConsoleUnderTest.Password);
        using var otherName = await client.SignInAsync("someone-else", "guess");

        Assert.That(failures, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await right.Content.ReadAsStringAsync(), Does.Contain("Too many failed sign-ins"));
        Assert.That(otherName.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the client address is throttled too, whatever name it tries");
        Assert.That(client.Cookie("relay-console-session"), Is.Null);
    }
}
