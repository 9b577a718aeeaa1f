using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Accounts;

namespace Relay.Host.Tests.WebConsole;

/// <summary>Accounts and access keys through the console, stored as <c>relay account add</c> and <c>relay access-key create|revoke</c> store them.</summary>
public sealed partial class ConsoleAccountsPageTests
{
    private ConsoleUnderTest _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _console = await ConsoleUnderTest.StartAsync();
        await _console.AddAccountAsync("shop");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    private IAccountStore Accounts => _console.Services.GetRequiredService<IAccountStore>();

    private IAccessKeyStore Keys => _console.Services.GetRequiredService<IAccessKeyStore>();

    [Test]
    public async Task A_new_account_gets_an_smtp_password_shown_once_that_its_stored_hash_accepts()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/accounts"));

        using var created = await client.PostAsync("/accounts/create", ("csrf", token), ("name", "bakery"), ("smtp-user", "bakery-smtp"), ("contact", "ops@bakery.example"));
        var html = await created.Content.ReadAsStringAsync();
        var password = Shown(html, "SMTP password");
        var account = await Accounts.FindAccountByNameAsync("bakery", CancellationToken.None);
        var list = await client.GetTextAsync("/accounts");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(created.Headers.CacheControl?.NoStore, Is.True, "the page with the password is never cached");
        Assert.That(account, Is.Not.Null);
        Assert.That(account!.SmtpUserName, Is.EqualTo("bakery-smtp"));
        Assert.That(account.ContactAddress, Is.EqualTo("ops@bakery.example"));
        Assert.That(SmtpPasswordHasher.Verify(password, account.SmtpPasswordHash), Is.True);
        Assert.That(list, Does.Contain("<td>bakery</td><td>bakery-smtp</td>").And.Not.Contain(password), "listed, the password not shown again");
    }

    [Test]
    public async Task An_account_name_or_smtp_user_already_taken_or_blank_is_refused_with_a_reason()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/accounts"));

        using var taken = await client.PostAsync("/accounts/create", ("csrf", token), ("name", "shop"));
        using var takenUser = await client.PostAsync("/accounts/create", ("csrf", token), ("name", "shop2"), ("smtp-user", "shop"));
        using var blank = await client.PostAsync("/accounts/create", ("csrf", token), ("name", " "));

        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await taken.Content.ReadAsStringAsync(), Does.Contain("already an account named shop"));
        Assert.That(await takenUser.Content.ReadAsStringAsync(), Does.Contain("Another account has the SMTP user name shop"));
        Assert.That(await blank.Content.ReadAsStringAsync(), Does.Contain("Enter the name"));
        Assert.That(await Accounts.FindAccountByNameAsync("shop2", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_name_that_is_another_accounts_id_is_refused_so_that_account_is_not_replaced()
    {
        var seeded = new Account("legacy", "Legacy shop", "legacy-smtp", SmtpPasswordHasher.Hash("x", 1_000), null);
        await Accounts.SaveAccountAsync(seeded, CancellationToken.None);
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/accounts"));

        using var response = await client.PostAsync("/accounts/create", ("csrf", token), ("name", "legacy"), ("smtp-user", "new-smtp"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await Accounts.FindAccountByIdAsync("legacy", CancellationToken.None), Is.EqualTo(seeded));
    }

    [Test]
    public async Task A_new_access_key_shows_its_secret_and_smtp_password_once_then_revoke_ends_it()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/accounts"));

        using var created = await client.PostAsync("/access-keys/create", ("csrf", token), ("account", "shop"));
        var html = await created.Content.ReadAsStringAsync();
        var id = Shown(html, "AccessKeyId");
        var stored = await Keys.FindAsync(id, CancellationToken.None);
        var settings = _console.Services.GetRequiredService<Relay.Configuration.LoadedSettings>();

        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.AccountId, Is.EqualTo("shop"));
        Assert.That(Shown(html, "SecretAccessKey"), Is.EqualTo(stored.Secret));
        Assert.That(Shown(html, $"SMTP password (region {settings.Relay.Api.Region})"), Is.EqualTo(Relay.Http.ApiServices.SmtpPassword(settings, stored)));
        var list = await client.GetTextAsync("/accounts");
        Assert.That(list, Does.Contain(id).And.Not.Contain(stored.Secret));

        using var revoked = await client.PostAsync("/access-keys/revoke", ("csrf", token), ("id", id));
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(await client.GetTextAsync("/accounts"), Does.Contain($"Access key {id} revoked."));
        Assert.That((await Keys.FindAsync(id, CancellationToken.None))!.IsActive, Is.False);
        using var again = await client.PostAsync("/access-keys/revoke", ("csrf", token), ("id", id));
        Assert.That(await client.GetTextAsync("/accounts"), Does.Contain($"No active access key {id}."));
    }

    [Test]
    public async Task A_new_smtp_password_replaces_the_old_and_revoking_the_credentials_ends_it_and_every_access_key()
    {
        using var client = _console.Client();
        await client.SignInAsAdminAsync();
        var token = ConsoleClient.CsrfToken(await client.GetTextAsync("/accounts"));
        using var created = await client.PostAsync("/accounts/create", ("csrf", token), ("name", "florist"));
        var first = Shown(await created.Content.ReadAsStringAsync(), "SMTP password");
        using var key = await client.PostAsync("/access-keys/create", ("csrf", token), ("account", "florist"));
        var keyId = Shown(await key.Content.ReadAsStringAsync(), "AccessKeyId");

        using var replaced = await client.PostAsync("/accounts/smtp-password", ("csrf", token), ("account", "florist"));
        var second = Shown(await replaced.Content.ReadAsStringAsync(), "SMTP password");
        var afterReplace = (await Accounts.FindAccountByNameAsync("florist", CancellationToken.None))!;
        Assert.That(SmtpPasswordHasher.Verify(second, afterReplace.SmtpPasswordHash), Is.True);
        Assert.That(SmtpPasswordHasher.Verify(first, afterReplace.SmtpPasswordHash), Is.False, "the old password no longer works");

        using var unconfirmed = await client.PostAsync("/accounts/revoke-credentials", ("csrf", token), ("account", "florist"));
        Assert.That(unconfirmed.Headers.Location?.OriginalString, Is.EqualTo("/accounts/revoke-credentials?account=florist"), "a confirmation first");
        Assert.That(await client.GetTextAsync("/accounts/revoke-credentials?account=florist"), Does.Contain("1 active access key(s)"));
        Assert.That((await Keys.FindAsync(keyId, CancellationToken.None))!.IsActive, Is.True, "nothing revoked before the confirmation");

        using var revoked = await client.PostAsync("/accounts/revoke-credentials", ("csrf", token), ("account", "florist"), ("confirm", "yes"));
        var afterRevoke = (await Accounts.FindAccountByNameAsync("florist", CancellationToken.None))!;

        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(await client.GetTextAsync("/accounts"), Does.Contain("Credentials of florist revoked: 1 access key(s)"));
        Assert.That((await Keys.FindAsync(keyId, CancellationToken.None))!.IsActive, Is.False);
        Assert.That(SmtpPasswordHasher.Verify(second, afterRevoke.SmtpPasswordHash), Is.False);
        Assert.That(afterRevoke with { SmtpPasswordHash = afterReplace.SmtpPasswordHash }, Is.EqualTo(afterReplace), "only the password changed");
    }

    private static string Shown(string html, string label)
    {
        var match = Regex.Match(html, $"<dt>{Regex.Escape(System.Net.WebUtility.HtmlEncode(label))}</dt><dd><code>(?<value>[^<]*)</code></dd>");
        Assert.That(match.Success, Is.True, $"the page shows {label}: {html}");
        return System.Net.WebUtility.HtmlDecode(match.Groups["value"].Value);
    }
}
