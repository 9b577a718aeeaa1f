using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>IDNA2008 (RFC 5891–5893) on identity domains: what is refused says why, what is allowed is encoded as python3-idna does.</summary>
public sealed class IdnaDomainTests
{
    [TestCase("\u202Eexample.test", "U+202E")]
    [TestCase("xn--example-z76c.test", "U+202E")]
    [TestCase("exa\u202Dmple.test", "U+202D")]
    [TestCase("ex\u200Fample.test", "U+200F")]
    [TestCase("ex\u2067ample.test", "U+2067")]
    [TestCase("exa\u200Dmple.test", "U+200D")]
    [TestCase("exa\u200Cmple.test", "U+200C")]
    [TestCase("ex\u00ADample.test", "U+00AD")]
    [TestCase("ex\uFEFFample.test", "U+FEFF")]
    [TestCase("\u2665.test", "U+2665")]
    [TestCase("\uFF45xample.test", "U+FF45")]
    [TestCase("l\u00B7a.test", "U+00B7")]
    [TestCase("\u0661\u06F1.test", "U+0661")]
    [TestCase("e\u0301xample.test", "normalization form C")]
    [TestCase("\u0301abc.test", "combining mark")]
    [TestCase("ab--cd.test", "third and fourth")]
    [TestCase("a\u05D0.test", "bidi rule")]
    [TestCase("\u05D0a.test", "bidi rule")]
    [TestCase("1\u05D0.test", "bidi rule")]
    [TestCase("\u0627\u0661\u0031.test", "bidi rule")]
    [TestCase("example.\u05E2\u05D1\u05E8\u05D9\u05EA-", "hyphen")]
    public void A_domain_that_idna2008_refuses_is_an_invalid_parameter_saying_why(string domain, string reason)
    {
        var refused = Assert.Throws<IdentityOperationException>(() => IdentityNameRules.Domain(domain));

        Assert.That(refused.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That(refused.Message, Does.Contain(reason));
    }

    [Test]
    public void An_address_whose_domain_holds_a_bidi_control_is_refused()
    {
        var refused = Assert.Throws<IdentityOperationException>(() => IdentityNameRules.Address("ceo@\u202Eexample.test"));

        Assert.That(refused.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }

    [TestCase("Exämple.test", "xn--exmple-cua.test")]
    [TestCase("\u0627\u0644\u0639\u0631\u0628\u064A\u0629.test", "xn--mgbcd4a2b0d2b.test")]
    [TestCase("\u05E2\u05D1\u05E8\u05D9\u05EA.test", "xn--5dbqzzl.test")]
    [TestCase("\u05D01.test", "xn--1-zhc.test")]
    [TestCase("日本.test", "xn--wgv71a.test")]
    [TestCase("l\u00B7l.test", "xn--ll-0ea.test")]
    [TestCase("\u0BA4\u0BAE\u0BBF\u0BB4\u0BCD.test", "xn--rlcus7b3d.test")]
    [TestCase("\u0921\u093C.test", "xn--e2b8c.test")]
    [TestCase("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.test", "xn--mgbn2ecje63gr19l.test")]
    [TestCase("\u0915\u094D\u200D\u0937.test", "xn--11b2ezcw70k.test")]
    [TestCase("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [TestCase("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    public void A_valid_idn_is_kept_in_its_a_label_form(string domain, string expected)
    {
        Assert.That(IdentityNameRules.Domain(domain), Is.EqualTo(expected));
    }
}
