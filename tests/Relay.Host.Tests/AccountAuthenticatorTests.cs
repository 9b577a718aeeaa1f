using System.Net;
using Relay.Api;
using Relay.Api.Authentication;
using Relay.Core.Accounts;
using Relay.FrontDoor;
using Relay.Host.Tests.Support;
using Relay.Smtp;

namespace Relay.Host.Tests;

/// <summary>Issue 14 item 7: a refusal costs the same password check whether or not the user exists, and logs no typed text.</summary>
public sealed class AccountAuthenticatorTests
{
    private const string Password = "correct horse";

    private static readonly Account Shop = new("shop", "Shop", "shop-user", SmtpPasswordHasher.Hash(Password, 1_000), null);

    private static readonly SmtpSessionContext Session =
        new("s1", new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000), new IPEndPoint(IPAddress.Loopback, 2587));

    [Test]
    public async Task An_unknown_user_costs_one_password_check_as_a_known_user_with_a_wrong_password_does()
    {
        var verifier = new CountingVerifier();
        var authenticator = Create(verifier, new RecordingLogger<AccountAuthenticator>());

        Assert.That(await authenticator.AuthenticateAsync(Session, "shop-user", "wrong", CancellationToken.None), Is.Null);
        Assert.That(verifier.Calls, Is.EqualTo(1));
        Assert.That(await authenticator.AuthenticateAsync(Session, "nobody", "wrong", CancellationToken.None), Is.Null);
        Assert.That(verifier.Calls, Is.EqualTo(2), "the unknown user ran the same check");
        Assert.That(await authenticator.AuthenticateAsync(Session, AccessKeyGenerator.IdPrefix + "UNKNOWNKEY00", "wrong", CancellationToken.None), Is.Null);
        Assert.That(verifier.Calls, Is.EqualTo(3), "an unknown access key ran the same check");
        Assert.That(verifier.StoredHashes[1], Does.StartWith("pbkdf2-sha256$" + SmtpPasswordHasher.DefaultIterations + "$"), "the dummy hash has the default cost");
    }

    [Test]
    public async Task A_correct_password_is_accepted()
    {
        var authenticator = Create(new CountingVerifier(), new RecordingLogger<AccountAuthenticator>());

        Assert.That(await authenticator.AuthenticateAsync(Session, "shop-user", Password, CancellationToken.None), Is.EqualTo("shop"));
    }

    [Test]
    public async Task A_failure_logs_a_fingerprint_of_the_user_field_never_what_was_typed()
    {
        var logger = new RecordingLogger<AccountAuthenticator>();
        var authenticator = Create(new CountingVerifier(), logger);
        const string typed = "MySecretPassw0rd!";

        await authenticator.AuthenticateAsync(Session, typed, "x", CancellationToken.None);

        var entry = logger.Entries.Single(e => e.EventId.Id == 3001);
        Assert.That(entry.Message, Does.Not.Contain(typed).And.Not.Contain("MySecret"));
        Assert.That(entry.Message, Does.Match("user sha256:[0-9a-f]{8} from 192.0.2.7"));
    }

    private static AccountAuthenticator Create(ISmtpPasswordVerifier verifier, RecordingLogger<AccountAuthenticator> logger) =>
        new(new FakeAccountStore(Shop), new AccessKeySmtpAuthenticator(new NoAccessKeys(), new SesApiOptions()), verifier, logger);

    private sealed class CountingVerifier : ISmtpPasswordVerifier
    {
        private readonly Pbkdf2SmtpPasswordVerifier _inner = new();

        public int Calls => StoredHashes.Count;

        public List<string> StoredHashes { get; } = [];

        public bool Verify(string password, string storedHash)
        {
            StoredHashes.Add(storedHash);
            return _inner.Verify(password, storedHash);
        }
    }

    private sealed class NoAccessKeys : IAccessKeyStore
    {
        public Task AddAsync(AccessKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AccessKey?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult<AccessKey?>(null);

        public Task<IReadOnlyList<AccessKey>> ListAsync(string? accountId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AccessKey>>([]);

        public Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
