using System.Net;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// A tenant console user (<c>Relay:Console:Users:N:Account</c>) sees and changes only its account's identities: another
/// account's identity, by URL or by a form posted for it, is 404 as a missing one is, and is left as it was (as the
/// API's <c>Another_accounts_identity_is_not_found_and_not_leaked</c>).
/// </summary>
public sealed class ConsoleTenantTests
{
    private ConsoleUnderTest _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var users = new Dictionary<string, string?>();
        foreach (var (key, value) in ConsoleUnderTest.User(1, "shop-user", "shop").Concat(ConsoleUnderTest.User(2, "other-user", "other")))
        {
            users[key] = value;
        }

        _console = await ConsoleUnderTest.StartAsync(settings: users);
        await _console.AddAccountAsync("shop");
        await _console.AddAccountAsync("other");
        await _console.AddDomainAsync("shop", "shop.example");
        await _console.AddDomainAsync("other", "other.example");
        await _console.AddDomainAsync("shop", "same.example");
        await _console.AddDomainAsync("other", "same.example");
        await _console.Identities.SetSigningEnabledAsync("other", "same.example", false, CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _console.DisposeAsync();

    [Test]
    public async Task A_tenant_lists_only_its_own_accounts_identities_and_an_operator_every_account()
    {
        using var tenant = _console.Client();
        await tenant.SignInAsUserAsync("shop-user");
        using var operatorClient = _console.Client();
        await operatorClient.SignInAsAdminAsync();

        var tenantList = await tenant.GetTextAsync("/identities");
        var operatorList = await operatorClient.GetTextAsync("/identities");

        Assert.That(tenantList, Does.Contain("shop.example"));
        Assert.That(tenantList, Does.Not.Contain("other.example").And.Not.Contain("Account other"), "not even the other account's name");
        Assert.That(operatorList, Does.Contain("shop.example").And.Contain("other.example"));
        var tenantNew = await tenant.GetTextAsync("/identities/new");
        Assert.That(tenantNew, Does.Contain("<input type=\"hidden\" name=\"account\" value=\"shop\">"), "a tenant's account is fixed");
        Assert.That(tenantNew, Does.Not.Contain("\"other\"").And.Not.Contain(">other<"), "and the other accounts are not offered");
        Assert.That(await operatorClient.GetTextAsync("/identities/new"), Does.Contain("<option>other</option>").And.Contain("<option>shop</option>"));
    }

    [TestCase("/queue")]
    [TestCase("/outcomes")]
    [TestCase("/accounts")]
    public async Task A_tenant_gets_no_operator_page_and_no_link_to_it(string path)
    {
        using var tenant = _console.Client();
        await tenant.SignInAsUserAsync("shop-user");
        using var operatorClient = _console.Client();
        await operatorClient.SignInAsAdminAsync();

        using var refused = await tenant.GetAsync(path);
        using var answered = await operatorClient.GetAsync(path);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("No such page"));
        Assert.That(await tenant.GetTextAsync("/identities"), Does.Not.Contain($"href=\"{path}\""), "the navigation leaves it out");
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await operatorClient.GetTextAsync("/identities"), Does.Contain($"href=\"{path}\""), "an operator's navigation has it");
    }

    [Test]
    public async Task A_tenants_timeline_is_its_own_identitys_history_not_that_of_another_accounts_identity_of_the_same_name()
    {
        using var shop = _console.Client();
        await shop.SignInAsUserAsync("shop-user");
        using var other = _console.Client();
        await other.SignInAsUserAsync("other-user");

        var shopPage = await shop.GetTextAsync("/identity?account=shop&name=same.example");
        var otherPage = await other.GetTextAsync("/identity?account=other&name=same.example");

        Assert.That(shopPage, Does.Contain("Identity added (domain)"));
        Assert.That(otherPage, Does.Contain("Signing disabled"));
        Assert.That(shopPage, Does.Not.Contain("Signing disabled"), "the other account's change of its identity of the same name");
    }

    [Test]
    public async Task Another_accounts_identity_by_url_is_404_exactly_as_a_missing_one()
    {
        using var tenant = _console.Client();
        await tenant.SignInAsUserAsync("shop-user");

        foreach (var path in new[] { "/identity", "/identity/delete", "/identity/records.csv", "/identity/records.zone" })
        {
            using var existing = await tenant.GetAsync($"{path}?account=other&name=other.example");
            using var missing = await tenant.GetAsync($"{path}?account=other&name=nothing.example");
            var existingBody = await existing.Content.ReadAsStringAsync();
            var missingBody = await missing.Content.ReadAsStringAsync();

            Assert.That(existing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            Assert.That(existingBody.Replace("other.example", "NAME", StringComparison.Ordinal),
                Is.EqualTo(missingBody.Replace("nothing.example", "NAME", StringComparison.Ordinal)), $"{path}: nothing tells the two apart");
        }

        using var own = await tenant.GetAsync("/identity?account=shop&name=shop.example");
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), "its own identity opens");
    }

    [Test]
    public async Task Forms_posted_for_another_accounts_identity_are_404_and_change_nothing()
    {
        using var tenant = _console.Client();
        await tenant.SignInAsUserAsync("shop-user");
        var before = (await _console.Identities.FindAsync("other", "other.example", CancellationToken.None))!;
        var identitiesBefore = (await _console.Identities.ListAsync("other", CancellationToken.None)).Count;

        var target = new[] { ("account", "other"), ("identity", "other.example") };
        var posts = new (string Path, (string, string)[] Fields)[]
        {
            ("/identity/check", target),
            ("/identity/rotate", target),
            ("/identity/key-length", [.. target, ("length", "RSA_1024_BIT")]),
            ("/identity/signing", [.. target, ("enabled", "false")]),
            ("/identity/delete", target),
            ("/identities/new/domain", [("account", "other"), ("identity", "planted.example"), ("origin", "easy"), ("length", "RSA_2048_BIT")]),
            ("/identities/new/email", [("account", "other"), ("identity", "someone@planted.example")]),
        };
        foreach (var (path, fields) in posts)
        {
            using var response = await tenant.PostFormAsync(path, fields);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }

        var after = await _console.Identities.FindAsync("other", "other.example", CancellationToken.None);
        Assert.That(after, Is.Not.Null, "not deleted");
        Assert.That(after!.Version, Is.EqualTo(before.Version), "not changed: no check, rotation, key length or signing change");
        Assert.That(after.SigningEnabled, Is.True);
        Assert.That(await _console.Identities.ListAsync("other", CancellationToken.None), Has.Count.EqualTo(identitiesBefore), "nothing added to the other account");
    }

    [Test]
    public async Task A_tenant_changes_its_own_identity()
    {
        using var tenant = _console.Client();
        await tenant.SignInAsUserAsync("other-user");

        using var response = await tenant.PostFormAsync("/identities/new/email", ("account", "other"), ("identity", "news@other.example"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await response.Content.ReadAsStringAsync());
        Assert.That(await _console.Identities.FindAsync("other", "news@other.example", CancellationToken.None), Is.Not.Null);
        await _console.Identities.DeleteAsync("other", "news@other.example", CancellationToken.None);
    }

    private static readonly string Hash = SmtpPasswordHasher.Hash("pw", 1_000);

    private static LoadedSettings Load(params (string Key, string? Value)[] user) =>
        TestSettings.Load([("Relay:Console:Listen", "8026"), ("Relay:Console:Users:0:Name", "someone"), ("Relay:Console:Users:0:PasswordHash", Hash), .. user]);

    [Test]
    public void A_user_with_an_account_is_a_tenant_and_one_without_an_operator()
    {
        Assert.That(Load(("Relay:Console:Users:0:Account", "shop")).Relay.Console.Users[0].EffectiveRole, Is.EqualTo(ConsoleUserRole.Tenant));
        Assert.That(Load().Relay.Console.Users[0].EffectiveRole, Is.EqualTo(ConsoleUserRole.Operator));
        Assert.That(Load(("Relay:Console:Users:0:Role", "Tenant"), ("Relay:Console:Users:0:Account", "shop")).Relay.Console.Users[0].EffectiveRole,
            Is.EqualTo(ConsoleUserRole.Tenant));
    }

    [TestCase("Tenant", null, "Relay:Console:Users:0:Account must name")]
    [TestCase("Operator", "shop", "Relay:Console:Users:0:Account is 'shop' but Relay:Console:Users:0:Role is Operator")]
    [TestCase("Admin", null, "Relay:Console:Users:0:Role")]
    public void A_role_that_does_not_fit_stops_start_up_in_one_line_naming_the_setting(string role, string? account, string expected)
    {
        var failure = Assert.Throws<SettingsException>(() => Load(("Relay:Console:Users:0:Role", role), ("Relay:Console:Users:0:Account", account)))!;

        Assert.That(failure.Message, Does.Contain(expected));
        Assert.That(failure.Message, Does.Not.Contain("\n"));
    }
}
