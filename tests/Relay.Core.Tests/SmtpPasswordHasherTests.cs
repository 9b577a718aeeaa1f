using Relay.Core.Accounts;

namespace Relay.Core.Tests;

public sealed class SmtpPasswordHasherTests
{
    [Test]
    public void A_hash_verifies_its_password_and_nothing_else()
    {
        var hash = SmtpPasswordHasher.Hash("correct horse", iterations: 1_000);

        Assert.That(SmtpPasswordHasher.Verify("correct horse", hash), Is.True);
        Assert.That(SmtpPasswordHasher.Verify("correct horsf", hash), Is.False);
        Assert.That(hash, Does.Not.Contain("correct"));
    }

    [Test]
    public void Two_hashes_of_one_password_differ_by_salt()
    {
        var first = SmtpPasswordHasher.Hash("pw", 1_000);
        var second = SmtpPasswordHasher.Hash("pw", 1_000);

        Assert.That(first, Is.Not.EqualTo(second));
    }

    [TestCase("")]
    [TestCase("plain")]
    [TestCase("pbkdf2-sha256$x$AAAA$AAAA")]
    [TestCase("pbkdf2-sha256$1000$not-base64$AAAA")]
    [TestCase("md5$1000$AAAA$AAAA")]
    public void Malformed_stored_hashes_never_verify(string stored)
    {
        Assert.That(SmtpPasswordHasher.Verify("pw", stored), Is.False);
    }

    [TestCase("")]
    [TestCase("plain")]
    [TestCase("pbkdf2-sha256$x$AAAA$AAAA")]
    [TestCase("pbkdf2-sha256$1000$not-base64$AAAA")]
    [TestCase("pbkdf2-sha256$1000$$AAAA")]
    [TestCase("md5$1000$AAAA$AAAA")]
    public void Malformed_stored_hashes_are_not_hashes(string stored)
    {
        Assert.That(SmtpPasswordHasher.IsHash(stored), Is.False);
    }

    [Test]
    public void What_Hash_writes_is_a_hash()
    {
        Assert.That(SmtpPasswordHasher.IsHash(SmtpPasswordHasher.Hash("pw", 1_000)), Is.True);
        Assert.That(SmtpPasswordHasher.IsHash(null), Is.False);
    }
}
