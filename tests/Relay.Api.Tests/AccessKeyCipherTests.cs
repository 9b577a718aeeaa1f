using System.Security.Cryptography;
using Relay.Core.Accounts;

namespace Relay.Api.Tests;

/// <summary>
/// The access-key cipher and generator. The stores' own tests (round trip, secrets not at rest, listing, revocation) are
/// in Relay.Core.Tests' store suite (Storage/AccessKeyStoreTests), run against SQLite and PostgreSQL.
/// </summary>
public sealed class AccessKeyCipherTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("relay-access-keys-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    [Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_file_is_owner_only_and_reused()
    {
        var path = Path.Combine(_folder, "keys", "access-keys.key");

        var first = AccessKeySecretCipher.LoadOrCreate(path);
        var second = AccessKeySecretCipher.LoadOrCreate(path);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(second.Decrypt("id", first.Encrypt("id", "secret")), Is.EqualTo("secret"));
    }

    [Test]
    public void A_ciphertext_does_not_decrypt_under_another_key_id_or_after_tampering()
    {
        var cipher = AccessKeySecretCipher.LoadOrCreate(Path.Combine(_folder, "k.key"));
        var stored = cipher.Encrypt("RELAYAAAA", "secret");
        var tampered = (byte[])stored.Clone();
        tampered[^1] ^= 1;

        Assert.Throws(Is.InstanceOf<CryptographicException>(), () => cipher.Decrypt("RELAYBBBB", stored));
        Assert.Throws(Is.InstanceOf<CryptographicException>(), () => cipher.Decrypt("RELAYAAAA", tampered));
    }

    [Test]
    public void Generated_keys_look_like_aws_keys_with_relays_prefix()
    {
        var key = AccessKeyGenerator.Create("shop", DateTimeOffset.UnixEpoch);

        Assert.That(key.Id, Does.Match("^RELAY[A-Z2-7]{15}$"));
        Assert.That(key.Secret, Has.Length.EqualTo(40));
        Assert.That(key.ToString(), Does.Not.Contain(key.Secret));
    }
}
