using System.Net;
using System.Security.Cryptography;
using Relay.Cli;
using Relay.Core.Identities;

namespace Relay.Host.Tests.WebConsole;

/// <summary>
/// Every change the console makes to identities: each a form post that goes through IIdentityManagement, answers
/// with a redirect (post, redirect, get) and a line on the next page, once, or with a clear refusal.
/// </summary>
public sealed class ConsoleIdentityActionsTests
{
    private ConsoleUnderTest _console = null!;
    private ConsoleClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _console = await ConsoleUnderTest.StartAsync();
        await _console.AddAccountAsync("shop");
        _client = _console.Client();
        await _client.SignInAsAdminAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _console.DisposeAsync();
    }

    [Test]
    public async Task Adding_an_easy_dkim_domain_with_1024_bit_keys_redirects_to_its_page_which_says_so_once()
    {
        using var response = await _client.PostMultipartAsync("/identities/new/domain", null,
            ("account", "shop"), ("identity", "Easy.Example"), ("origin", "easy"), ("length", "RSA_1024_BIT"));
        var first = await _client.GetTextAsync(response.Headers.Location!.OriginalString);
        var second = await _client.GetTextAsync(response.Headers.Location!.OriginalString);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/identity?account=shop&name=easy.example"));
        Assert.That(first, Does.Contain("Added easy.example: publish the three CNAME records below"));
        Assert.That(second, Does.Not.Contain("Added easy.example"), "the line is shown once");
        var identity = (await _console.Identities.FindAsync("shop", "easy.example", CancellationToken.None))!;
        Assert.That(identity.DkimKeys.Select(key => key.KeyBits), Is.EqualTo(new[] { 1024, 1024, 1024 }));
        Assert.That(identity.DkimOrigin, Is.EqualTo(DkimSigningOrigin.AwsSes));
    }

    [TestCase("not a domain", 400, "Not added:")]
    [TestCase("", 400, "Not added:")]
    public async Task A_bad_domain_is_refused_with_the_reason_and_the_form_again(string domain, int status, string expected)
    {
        using var response = await _client.PostMultipartAsync("/identities/new/domain", null,
            ("account", "shop"), ("identity", domain), ("origin", "easy"), ("length", "RSA_2048_BIT"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(html, Does.Contain(expected).And.Contain("role=\"alert\""));
        Assert.That(html, Does.Contain("action=\"/identities/new/domain\""), "the form is there to try again");
    }

    [Test]
    public async Task A_domain_added_twice_is_refused_as_existing()
    {
        await _console.AddDomainAsync("shop", "twice.example");

        using var response = await _client.PostMultipartAsync("/identities/new/domain", null,
            ("account", "shop"), ("identity", "twice.example"), ("origin", "easy"), ("length", "RSA_2048_BIT"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Not added: Email identity twice.example already exists."));
    }

    [Test]
    public async Task A_byodkim_domain_takes_the_pasted_key_or_the_uploaded_file_and_never_shows_it()
    {
        using var pastedKey = RSA.Create(2048);
        using var fileKey = RSA.Create(1024);
        var pem = pastedKey.ExportPkcs8PrivateKeyPem();

        using var pasted = await _client.PostMultipartAsync("/identities/new/domain", null,
            ("account", "shop"), ("identity", "byo.example"), ("origin", "byodkim"), ("selector", "sel2026"), ("private-key", pem));
        using var uploaded = await _client.PostMultipartAsync("/identities/new/domain", ("private-key-file", "key.pem", fileKey.ExportRSAPrivateKeyPem()),
            ("account", "shop"), ("identity", "byofile.example"), ("origin", "byodkim"), ("selector", "upload"), ("private-key", ""));
        var page = await _client.GetTextAsync("/identity?account=shop&name=byo.example");

        Assert.That(pasted.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await pasted.Content.ReadAsStringAsync());
        Assert.That(uploaded.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await uploaded.Content.ReadAsStringAsync());
        var byo = (await _console.Identities.FindAsync("shop", "byo.example", CancellationToken.None))!;
        var byoFile = (await _console.Identities.FindAsync("shop", "byofile.example", CancellationToken.None))!;
        Assert.That((byo.DkimOrigin, byo.DkimKeys.Single().Selector, byo.DkimKeys.Single().KeyBits), Is.EqualTo((DkimSigningOrigin.External, "sel2026", 2048)));
        Assert.That((byoFile.DkimOrigin, byoFile.DkimKeys.Single().Selector, byoFile.DkimKeys.Single().KeyBits), Is.EqualTo((DkimSigningOrigin.External, "upload", 1024)));
        Assert.That(page, Does.Contain("<code class=\"copy\">sel2026._domainkey.byo.example</code>"));
        Assert.That(page, Does.Not.Contain("PRIVATE KEY"));
        Assert.That(page, Does.Not.Contain(pem.Split('\n')[1].Trim()), "no line of the private key");
    }

    [Test]
    public async Task A_byodkim_key_that_is_not_a_key_is_refused_in_words()
    {
        using var response = await _client.PostMultipartAsync("/identities/new/domain", null,
            ("account", "shop"), ("identity", "badkey.example"), ("origin", "byodkim"), ("selector", "s1"), ("private-key", "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("Not added:"));
        Assert.That(html, Does.Not.Contain("nonsense"), "the key typed is not shown again");
        Assert.That(html, Does.Not.Contain(" at Relay."), "no stack trace");
        Assert.That(await _console.Identities.FindAsync("shop", "badkey.example", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_email_address_is_added_pending_its_confirmation()
    {
        using var response = await _client.PostFormAsync("/identities/new/email", ("account", "shop"), ("identity", "news@shop.example"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await response.Content.ReadAsStringAsync());
        var identity = (await _console.Identities.FindAsync("shop", "news@shop.example", CancellationToken.None))!;
        Assert.That((identity.Type, identity.VerificationStatus), Is.EqualTo((IdentityType.EmailAddress, VerificationStatus.Pending)));
        Assert.That(await _client.GetTextAsync(response.Headers.Location!.OriginalString), Does.Contain("a confirmation link was mailed to it"));
    }

    [Test]
    public async Task Check_now_runs_the_dns_check_and_says_what_it_found()
    {
        await _console.AddDomainAsync("shop", "check.example");
        var before = (await _console.Identities.FindAsync("shop", "check.example", CancellationToken.None))!;

        using var response = await _client.PostFormAsync("/identity/check", ("account", "shop"), ("identity", "check.example"));
        var page = await _client.GetTextAsync(response.Headers.Location!.OriginalString);

        var after = (await _console.Identities.FindAsync("shop", "check.example", CancellationToken.None))!;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(after.DkimCheck.LastChecked, Is.Not.Null.And.Not.EqualTo(before.DkimCheck.LastChecked));
        Assert.That(page, Does.Contain("Checked now: DKIM "));
        // The resolver of these tests answers nothing: every record is a resolver error, explained as such.
        Assert.That(page, Does.Contain("data-outcome=\"ResolverError\"").And.Contain("Relay could not ask DNS."));
    }

    [Test]
    public async Task Rotate_makes_new_keys_and_key_length_and_signing_change_what_they_say()
    {
        await _console.AddDomainAsync("shop", "change.example");
        var before = (await _console.Identities.FindAsync("shop", "change.example", CancellationToken.None))!;
        var target = new[] { ("account", "shop"), ("identity", "change.example") };

        using var rotate = await _client.PostFormAsync("/identity/rotate", target);
        var rotatedPage = await _client.GetTextAsync(rotate.Headers.Location!.OriginalString);
        var rotated = (await _console.Identities.FindAsync("shop", "change.example", CancellationToken.None))!;
        using var length = await _client.PostFormAsync("/identity/key-length", [.. target, ("length", "RSA_1024_BIT")]);
        var lengthened = (await _console.Identities.FindAsync("shop", "change.example", CancellationToken.None))!;
        using var disable = await _client.PostFormAsync("/identity/signing", [.. target, ("enabled", "false")]);
        var disabled = (await _console.Identities.FindAsync("shop", "change.example", CancellationToken.None))!;
        var disabledPage = await _client.GetTextAsync(disable.Headers.Location!.OriginalString);
        using var enable = await _client.PostFormAsync("/identity/signing", [.. target, ("enabled", "true")]);
        var enabled = (await _console.Identities.FindAsync("shop", "change.example", CancellationToken.None))!;

        Assert.That(new[] { rotate, length, disable, enable }.Select(response => response.StatusCode), Is.All.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(rotatedPage, Does.Contain("New keys made"));
        Assert.That(AllKeys(rotated), Is.Not.EqualTo(AllKeys(before)), "new keys");
        Assert.That(lengthened.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa1024));
        Assert.That(disabled.SigningEnabled, Is.False);
        Assert.That(disabledPage, Does.Contain("DKIM signing disabled").And.Contain("Enable DKIM signing"));
        Assert.That(enabled.SigningEnabled, Is.True);
    }

    [Test]
    public async Task An_easy_dkim_domain_takes_the_customers_key_and_goes_back_to_easy_dkim()
    {
        await _console.AddDomainAsync("shop", "switch.example");
        using var key = RSA.Create(2048);
        var target = new[] { ("account", "shop"), ("identity", "switch.example") };

        var easyPage = await _client.GetTextAsync("/identity?account=shop&name=switch.example");
        using var own = await _client.PostMultipartAsync("/identity/dkim-keys", ("private-key-file", "k.pem", key.ExportPkcs8PrivateKeyPem()),
            [.. target, ("origin", "byodkim"), ("selector", "mine"), ("private-key", "")]);
        var ownPage = await _client.GetTextAsync(own.Headers.Location!.OriginalString);
        var byodkim = (await _console.Identities.FindAsync("shop", "switch.example", CancellationToken.None))!;
        using var back = await _client.PostFormAsync("/identity/dkim-keys", [.. target, ("origin", "easy"), ("length", "RSA_1024_BIT")]);
        var easy = (await _console.Identities.FindAsync("shop", "switch.example", CancellationToken.None))!;

        Assert.That(easyPage, Does.Contain("Sign with your own key instead (BYODKIM)").And.Not.Contain("Switch to Easy DKIM"));
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(ownPage, Does.Contain("Your key set").And.Contain("Switch to Easy DKIM"));
        Assert.That((byodkim.DkimOrigin, byodkim.DkimKeys.Single().Selector), Is.EqualTo((DkimSigningOrigin.External, "mine")));
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That((easy.DkimOrigin, easy.DkimKeys.Select(k => k.KeyBits).Distinct().Single()), Is.EqualTo((DkimSigningOrigin.AwsSes, 1024)));
    }

    [Test]
    public async Task An_ed25519_key_is_added_beside_the_rsa_keys_with_its_record_and_removed()
    {
        await _console.AddDomainAsync("shop", "ed.example");
        var target = new[] { ("account", "shop"), ("identity", "ed.example") };

        using var add = await _client.PostFormAsync("/identity/ed25519", [.. target, ("enabled", "true")]);
        var page = await _client.GetTextAsync(add.Headers.Location!.OriginalString);
        var added = (await _console.Identities.FindAsync("shop", "ed.example", CancellationToken.None))!;
        using var remove = await _client.PostFormAsync("/identity/ed25519", [.. target, ("enabled", "false")]);
        var removed = (await _console.Identities.FindAsync("shop", "ed.example", CancellationToken.None))!;

        Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(added.Ed25519, Is.Not.Null);
        Assert.That(page, Does.Contain($"Ed25519 key under {added.Ed25519!.Key.Selector}"));
        Assert.That(page, Does.Contain($"<code class=\"copy\">{added.Ed25519.Key.Selector}._domainkey.ed.example</code>"), "its record among those to publish");
        Assert.That(page, Does.Contain($"<tr><td><code>{added.Ed25519.Key.Selector}</code></td><td>Ed25519</td>"), "and in the keys table");
        Assert.That(page, Does.Contain("Remove the Ed25519 key"));
        Assert.That(removed.Ed25519, Is.Null);
    }

    [Test]
    public async Task A_refused_change_goes_back_with_the_reason()
    {
        await _console.AddDomainAsync("shop", "refused.example");

        using var response = await _client.PostFormAsync("/identity/key-length", ("account", "shop"), ("identity", "refused.example"), ("length", "RSA_512_BIT"));
        var page = await _client.GetTextAsync(response.Headers.Location!.OriginalString);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(page, Does.Contain("Not done (key length): Choose a key length of 1024 or 2048 bits.").And.Contain("role=\"alert\""));
    }

    [Test]
    public async Task Delete_asks_first_then_deletes_and_says_so_on_the_list()
    {
        await _console.AddDomainAsync("shop", "gone.example");

        var confirm = await _client.GetTextAsync("/identity/delete?account=shop&name=gone.example");
        var stillThere = await _console.Identities.FindAsync("shop", "gone.example", CancellationToken.None);
        using var delete = await _client.PostFormAsync("/identity/delete", ("account", "shop"), ("identity", "gone.example"));
        var list = await _client.GetTextAsync(delete.Headers.Location!.OriginalString);

        Assert.That(confirm, Does.Contain("This cannot be undone").And.Contain("action=\"/identity/delete\""));
        Assert.That(stillThere, Is.Not.Null, "opening the confirmation deletes nothing");
        Assert.That(delete.Headers.Location!.OriginalString, Is.EqualTo("/identities"));
        Assert.That(list, Does.Contain("Deleted gone.example of account shop."));
        Assert.That(await _console.Identities.FindAsync("shop", "gone.example", CancellationToken.None), Is.Null);
    }

    [TestCase("csv", "text/csv")]
    [TestCase("zone", "text/plain")]
    public async Task The_downloads_are_what_relay_identity_records_prints(string format, string contentType)
    {
        var domain = $"download-{format}.example";
        await _console.AddDomainAsync("shop", domain);
        var identity = (await _console.Identities.FindAsync("shop", domain, CancellationToken.None))!;

        using var response = await _client.GetAsync($"/identity/records.{format}?account=shop&name={domain}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(contentType));
        Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        Assert.That(response.Content.Headers.ContentDisposition.FileName, Is.EqualTo($"{domain}-records.{format}"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(DnsRecordFormats.Format(_console.Identities.RecordsFor(identity), format)));
    }

    [Test]
    public async Task An_identity_page_shows_its_keys_without_private_keys_and_a_timeline()
    {
        await _console.AddDomainAsync("shop", "keys.example");
        var identity = (await _console.Identities.FindAsync("shop", "keys.example", CancellationToken.None))!;

        var page = await _client.GetTextAsync("/identity?account=shop&name=keys.example");

        foreach (var key in identity.DkimKeys)
        {
            Assert.That(page, Does.Contain($"<tr><td><code>{key.Selector}</code></td><td>RSA 2048 bits</td>"));
        }

        Assert.That(page, Does.Not.Contain("PRIVATE KEY"));
        Assert.That(page, Does.Contain("<h2>Timeline</h2>").And.Contain($"DKIM keys made, signing key {identity.SigningKey!.Selector} (2048 bits)"));
    }

    private static string[] AllKeys(Identity identity) =>
        identity.DkimKeys.Concat(identity.PendingDkim?.Keys ?? []).Select(key => key.PrivateKeyPem).ToArray();
}
