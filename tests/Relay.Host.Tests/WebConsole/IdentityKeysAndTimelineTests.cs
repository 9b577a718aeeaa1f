using Relay.Core.Identities;
using Relay.WebConsole.Pages;

namespace Relay.Host.Tests.WebConsole;

/// <summary>The keys table says what each key does now, and the timeline lists the identity's stored times newest first.</summary>
public sealed class IdentityKeysAndTimelineTests
{
    private static readonly DateTimeOffset Made = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Each_key_is_shown_as_signing_new_or_retired_without_its_private_half()
    {
        var signing = new SigningKey("tok1", "-----BEGIN PRIVATE KEY-----\nSECRETSIGNING\n-----END PRIVATE KEY-----", 2048);
        var other = signing with { Selector = "tok2", PrivateKeyPem = "SECRETOTHER" };
        var pending = new SigningKey("tok1", "SECRETPENDING", 1024);
        var retired = new SigningKey("old1", "SECRETRETIRED", 1024);
        var identity = Domain() with
        {
            DkimStatus = VerificationStatus.Success,
            SigningKey = signing,
            DkimKeys = [signing, other],
            PendingDkim = new DkimKeyChange(DkimSigningOrigin.AwsSes, [pending], DnsCheckState.StartingAt(Made.AddDays(2))),
            RetiredDkim = new RetiredDkimKeys([retired], Made.AddDays(30)),
            LastKeyGeneration = Made,
        };

        var html = SigningKeysTable.Render(identity);

        Assert.That(html, Does.Contain("<tr><td><code>tok1</code></td><td>RSA 2048 bits</td><td>2026-11-01 08:00:00Z</td><td>Signs</td></tr>"));
        Assert.That(html, Does.Contain("<tr><td><code>tok2</code></td><td>RSA 2048 bits</td><td>2026-11-01 08:00:00Z</td><td>Current, published</td></tr>"));
        Assert.That(html, Does.Contain("<td>RSA 1024 bits</td><td>2026-11-03 08:00:00Z</td><td>New: waits for its record, then replaces the current keys</td>"));
        Assert.That(html, Does.Contain("<code>old1</code></td><td>RSA 1024 bits</td><td>-</td><td>Retired: no longer signs, published until 2026-12-01 08:00:00Z</td>"));
        Assert.That(html, Does.Not.Contain("SECRET"));
    }

    [Test]
    public void A_disabled_domain_says_its_key_does_not_sign_and_why()
    {
        var key = new SigningKey("tok1", "SECRET", 2048);
        var identity = Domain() with { DkimStatus = VerificationStatus.Success, SigningEnabled = false, SigningKey = key, DkimKeys = [key] };

        Assert.That(SigningKeysTable.Render(identity), Does.Contain("Current; not signing (DKIM SUCCESS, signing disabled)"));
    }

    [Test]
    public void Without_stored_history_the_timeline_lists_the_identitys_own_times_newest_first()
    {
        var identity = Domain() with
        {
            DkimStatus = VerificationStatus.Success,
            LastKeyGeneration = Made,
            DkimCheck = new DnsCheckState(Made.AddHours(2), Made.AddHours(3), Made.AddHours(2), null, null, 4, []),
        };

        var html = IdentityTimeline.Render(identity, []);
        var made = html.IndexOf("DKIM keys made (AWS_SES)", StringComparison.Ordinal);
        var success = html.IndexOf("DKIM became SUCCESS", StringComparison.Ordinal);
        var lastCheck = html.IndexOf("Last DKIM check (4 since the status began)", StringComparison.Ordinal);

        Assert.That(new[] { made, success, lastCheck }, Is.All.GreaterThan(0));
        Assert.That(lastCheck, Is.LessThan(success));
        Assert.That(success, Is.LessThan(made));
        Assert.That(html, Does.Contain("<time datetime=\"2026-11-01T08:00:00Z\">2026-11-01 08:00:00Z</time>"));
    }

    [Test]
    public void A_new_address_has_an_empty_timeline()
    {
        var address = new Identity("shop", "a@example.com", IdentityType.EmailAddress, VerificationStatus.NotStarted, VerificationStatus.NotStarted, true, null);

        Assert.That(IdentityTimeline.Render(address, []), Does.Contain("Nothing has happened yet."));
    }

    [Test]
    public void The_stored_history_is_listed_as_given_newest_first_with_from_to_and_the_finding_in_the_records_words()
    {
        var identity = Domain() with { DkimStatus = VerificationStatus.Success, DkimCheck = DnsCheckState.Idle with { NextCheck = Made.AddDays(3) } };
        IdentityHistoryEntry[] history =
        [
            new("shop", "example.com", Made.AddHours(3), IdentityHistoryChange.DkimStatus, "FAILED", "SUCCESS"),
            new("shop", "example.com", Made.AddHours(2), IdentityHistoryChange.DkimStatus, "SUCCESS", "FAILED",
                "DuplicatedDomain", "tok1._domainkey.example.com.example.com", "CNAME found at tok1._domainkey.example.com.example.com"),
            new("shop", "example.com", Made.AddHours(1), IdentityHistoryChange.SigningEnabled, "enabled", "disabled"),
            new("shop", "example.com", Made, IdentityHistoryChange.Created, null, "domain"),
        ];

        var html = IdentityTimeline.Render(identity, history);
        var positions = new[] { "DKIM FAILED → SUCCESS", "DKIM SUCCESS → FAILED", "Signing disabled", "Identity added (domain)" }
            .Select(text => html.IndexOf(text, StringComparison.Ordinal)).ToArray();

        Assert.That(positions, Is.All.GreaterThan(0));
        Assert.That(positions, Is.Ordered.Ascending);
        Assert.That(html, Does.Contain("<time datetime=\"2026-11-01T10:00:00Z\">2026-11-01 10:00:00Z</time> DKIM SUCCESS → FAILED"));
        Assert.That(html, Does.Contain("""<strong data-outcome="DuplicatedDomain">You entered the domain twice.</strong> Relay's finding: CNAME found at"""));
        Assert.That(html, Does.Contain("<li>Next DNS check: <time datetime=\"2026-11-04T08:00:00Z\">"), "what is due stays on the page");
        Assert.That(html, Does.Not.Contain("older than Relay's stored status history"));
    }

    [Test]
    public void A_finding_this_relay_has_no_words_for_is_shown_with_relays_own_line()
    {
        IdentityHistoryEntry[] history =
        [
            new("shop", "example.com", Made, IdentityHistoryChange.VerificationStatus, "PENDING", "FAILED", "SomethingNew", "_amazonses.example.com", "Odd <answer>"),
        ];

        var html = IdentityTimeline.Render(Domain(), history);

        Assert.That(html, Does.Contain("Verification PENDING → FAILED"));
        Assert.That(html, Does.Contain("Relay's finding: Odd &lt;answer&gt;"));
    }

    private static Identity Domain() =>
        new("shop", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Pending, SigningEnabled: true, SigningKey: null);
}
