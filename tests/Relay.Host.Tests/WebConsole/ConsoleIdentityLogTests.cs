using System.Security.Cryptography;

namespace Relay.Host.Tests.WebConsole;

/// <summary>What the console logs of identity changes (who, what, which identity; never a key) and of a tenant bound to no account.</summary>
public sealed class ConsoleIdentityLogTests
{
    [Test]
    public async Task Changes_are_logged_with_the_user_and_without_key_material_and_a_tenant_of_no_account_is_warned_of()
    {
        var folder = Directory.CreateTempSubdirectory("relay-console-log-");
        try
        {
            var logFile = Path.Combine(folder.FullName, "relay.log");
            using var key = RSA.Create(2048);
            var pem = key.ExportPkcs8PrivateKeyPem();
            await using (var console = await ConsoleUnderTest.StartAsync(logFile: logFile, settings: ConsoleUnderTest.User(1, "ghost-user", "ghost")))
            {
                await console.AddAccountAsync("shop");
                using var client = console.Client();
                await client.SignInAsAdminAsync();
                (await client.PostMultipartAsync("/identities/new/domain", null,
                    ("account", "shop"), ("identity", "logged.example"), ("origin", "byodkim"), ("selector", "s1"), ("private-key", pem))).Dispose();
                (await client.PostFormAsync("/identity/key-length", ("account", "shop"), ("identity", "logged.example"), ("length", "RSA_1024_BIT"))).Dispose();
            }

            var log = await File.ReadAllTextAsync(logFile);
            Assert.That(log, Does.Match("Console user \"?admin\"?: \"?create\"? \"?logged.example\"? of account \"?shop\"?"));
            Assert.That(log, Does.Match("key length\"? \"?logged.example\"? of account \"?shop\"? refused: .*BYODKIM"));
            Assert.That(log, Does.Contain("Relay:Console:Users:1:Account").And.Contain("ghost"));
            Assert.That(log, Does.Not.Contain(pem.Split('\n')[1].Trim()), "no line of the private key");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
