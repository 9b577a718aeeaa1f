using Relay.Core.Identities;

namespace Relay.Core.Tests;

public sealed class IdentityResolverTests
{
    private const string Account = "acct";
    private static readonly SigningKey Key = new("sel", "-----BEGIN PRIVATE KEY-----", 2048);

    private static Identity Domain(string name, VerificationStatus dkim = VerificationStatus.Success, bool signing = true,
        VerificationStatus verification = VerificationStatus.Pending, SigningKey? key = null) =>
        new(Account, name, IdentityType.Domain, verification, dkim, signing, key ?? Key with { Selector = "sel-" + name });

    private static Identity Email(string name, bool signing = true, VerificationStatus verification = VerificationStatus.Success) =>
        new(Account, name, IdentityType.EmailAddress, verification, VerificationStatus.NotStarted, signing, null);

    private static IdentityResolution Resolve(string from, params Identity[] identities) =>
        IdentityResolver.Resolve(IdentityNames.CandidatesFor(from), identities);

    [Test]
    public void Candidates_run_from_the_address_to_the_top_level_domain()
    {
        Assert.That(IdentityNames.CandidatesFor("User@Mail.Example.COM"),
            Is.EqualTo(new[] { "user@mail.example.com", "mail.example.com", "example.com", "com" }));
    }

    [TestCase("no-at-sign")]
    [TestCase("user@")]
    [TestCase("@example.com")]
    public void An_address_without_local_part_or_domain_has_no_candidates(string address)
    {
        Assert.That(IdentityNames.CandidatesFor(address), Is.Empty);
    }

    [Test]
    public void A_verified_parent_domain_with_dkim_success_signs_for_its_subdomains()
    {
        var result = Resolve("a@news.example.com", Domain("example.com"));

        Assert.That(result.AuthorizingIdentity?.Name, Is.EqualTo("example.com"));
        Assert.That(result.SigningDomain?.Name, Is.EqualTo("example.com"));
    }

    [Test]
    public void The_deepest_verified_subdomain_wins_over_its_parent()
    {
        var result = Resolve("a@x.news.example.com", Domain("example.com"), Domain("news.example.com"));

        Assert.That(result.SigningDomain?.Name, Is.EqualTo("news.example.com"));
        Assert.That(result.SigningDomain?.SigningKey?.Selector, Is.EqualTo("sel-news.example.com"));
    }

    [Test]
    public void An_unverified_subdomain_falls_back_to_its_nearest_verified_parent()
    {
        var pending = Domain("news.example.com", dkim: VerificationStatus.Pending);

        var result = Resolve("a@news.example.com", Domain("example.com"), pending);

        Assert.That(result.AuthorizingIdentity?.Name, Is.EqualTo("example.com"));
        Assert.That(result.SigningDomain?.Name, Is.EqualTo("example.com"));
    }

    [Test]
    public void A_verified_subdomain_whose_dkim_failed_is_signed_by_the_provider_only()
    {
        var failed = Domain("news.example.com", dkim: VerificationStatus.Failed, verification: VerificationStatus.Success);

        var result = Resolve("a@news.example.com", Domain("example.com"), failed);

        Assert.That(result.IsAuthorized, Is.True);
        Assert.That(result.AuthorizingIdentity?.Name, Is.EqualTo("news.example.com"));
        Assert.That(result.SigningDomain, Is.Null);
        Assert.That(result.Reason, Does.Contain("Failed"));
    }

    [Test]
    public void A_domain_whose_dkim_failed_but_is_verified_by_txt_still_sends()
    {
        var result = Resolve("a@example.com", Domain("example.com", dkim: VerificationStatus.Failed, verification: VerificationStatus.Success));

        Assert.That(result.IsAuthorized, Is.True);
        Assert.That(result.SigningDomain, Is.Null);
    }

    [Test]
    public void A_domain_that_is_neither_verified_nor_dkim_success_does_not_authorize()
    {
        var result = Resolve("a@example.com", Domain("example.com", dkim: VerificationStatus.Pending));

        Assert.That(result.IsAuthorized, Is.False);
    }

    [Test]
    public void A_verified_email_address_wins_and_signs_with_its_domains_key()
    {
        var result = Resolve("boss@example.com", Domain("example.com", signing: false), Email("boss@example.com", signing: true));

        Assert.That(result.AuthorizingIdentity?.Name, Is.EqualTo("boss@example.com"));
        Assert.That(result.SigningDomain?.Name, Is.EqualTo("example.com"));
    }

    [Test]
    public void An_email_address_with_signing_disabled_overrides_its_domain()
    {
        var result = Resolve("quiet@example.com", Domain("example.com"), Email("quiet@example.com", signing: false));

        Assert.That(result.AuthorizingIdentity?.Name, Is.EqualTo("quiet@example.com"));
        Assert.That(result.SigningDomain, Is.Null);
        Assert.That(result.Reason, Does.Contain("disabled"));
    }

    [Test]
    public void A_verified_email_address_without_a_verified_domain_is_signed_by_the_provider_only()
    {
        var result = Resolve("solo@gmail.test", Email("solo@gmail.test"));

        Assert.That(result.IsAuthorized, Is.True);
        Assert.That(result.SigningDomain, Is.Null);
    }

    [Test]
    public void An_unverified_email_address_does_not_authorize_by_itself()
    {
        var result = Resolve("solo@gmail.test", Email("solo@gmail.test", verification: VerificationStatus.Pending));

        Assert.That(result.IsAuthorized, Is.False);
    }

    [Test]
    public void Another_address_in_the_domain_is_covered_by_the_domain_not_by_the_email_identity()
    {
        var result = Resolve("other@example.com", Domain("example.com"), Email("quiet@example.com", signing: false));

        Assert.That(result.AuthorizingIdentity?.Name, Is.EqualTo("example.com"));
        Assert.That(result.SigningDomain?.Name, Is.EqualTo("example.com"));
    }

    [Test]
    public void Signing_disabled_on_the_domain_leaves_the_provider_signature_only()
    {
        var result = Resolve("a@example.com", Domain("example.com", signing: false));

        Assert.That(result.IsAuthorized, Is.True);
        Assert.That(result.SigningDomain, Is.Null);
    }

    [Test]
    public void A_look_alike_domain_is_not_a_parent()
    {
        var result = Resolve("a@badexample.com", Domain("example.com"));

        Assert.That(result.IsAuthorized, Is.False);
    }
}
