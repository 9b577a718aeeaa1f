namespace Relay.Host.Tests.WebConsole;

/// <summary>What the console logs about sign-ins: who and from where, never a password, a session id or a token.</summary>
public sealed class ConsoleLogTests
{
    [Test]
    public async Task The_log_names_console_users_but_holds_no_password_session_id_or_mistyped_name()
    {
        var folder = Directory.CreateTempSubdirectory("relay-console-log-");
        try
        {
            var logFile = Path.Combine(folder.FullName, "relay.log");
            string sessionId;
            string csrfToken;
            await using (var console = await ConsoleUnderTest.StartAsync(logFile: logFile))
            {
                using var client = console.Client();
                (await client.SignInAsync(ConsoleUnderTest.UserName, "wrong-password-1")).Dispose();
                (await client.SignInAsync(ConsoleUnderTest.Password, "typed-in-the-name-field")).Dispose();
                await client.SignInAsAdminAsync();
                sessionId = client.Cookie("relay-console-session")!;
                csrfToken = ConsoleClient.CsrfToken(await client.GetTextAsync("/identities"));
                (await client.PostAsync("/sign-out", ("csrf", csrfToken + "x"))).Dispose();
            }

            var log = await File.ReadAllTextAsync(logFile);
            Assert.That(log, Does.Contain($"Console sign-in of \"{ConsoleUnderTest.UserName}\"").Or.Contain($"Console sign-in of {ConsoleUnderTest.UserName}"));
            Assert.That(log, Does.Contain("(not a console user)"));
            Assert.That(log, Does.Contain("wrong CSRF token"));
            foreach (var secret in new[] { "wrong-password-1", "typed-in-the-name-field", ConsoleUnderTest.Password, sessionId, csrfToken })
            {
                Assert.That(log, Does.Not.Contain(secret));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
