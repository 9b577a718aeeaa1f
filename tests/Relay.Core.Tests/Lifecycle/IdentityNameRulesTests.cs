using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

public sealed class IdentityNameRulesTests
{
    [TestCase("Example.COM.", "example.com")]
    [TestCase(" mail.example.com ", "mail.example.com")]
    [TestCase("bücher.example", "xn--bcher-kva.example")]
    public void A_domain_is_kept_lower_case_in_its_ascii_form(string domain, string expected)
    {
        Assert.That(IdentityNameRules.Domain(domain), Is.EqualTo(expected));
    }

    [TestCase("User@Example.COM", "user@example.com")]
    [TestCase("user@bücher.example", "user@xn--bcher-kva.example")]
    public void An_address_is_kept_lower_case_with_an_ascii_domain(string address, string expected)
    {
        Assert.That(IdentityNameRules.Address(address), Is.EqualTo(expected));
    }
}
