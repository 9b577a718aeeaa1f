using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

public sealed class VerifyDomainIdentityTests
{
    private const string Domain = "example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    [Test]
    public async Task The_token_is_32_random_bytes_in_base64_and_the_same_on_every_call()
    {
        var first = await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var second = await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, "EXAMPLE.com", CancellationToken.None);
        var otherAccount = await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountB, Domain, CancellationToken.None);

        Assert.That(Convert.FromBase64String(first), Has.Length.EqualTo(32));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(otherAccount, Is.Not.EqualTo(first));
        var identity = await _h.GetAsync(Domain);
        Assert.That(identity.VerificationStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(identity.VerificationToken, Is.EqualTo(first));
        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.NotStarted));
        Assert.That(identity.DkimKeys, Is.Empty);
    }

    [Test]
    public async Task The_published_txt_record_verifies_the_domain()
    {
        await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        await _h.PublishRecordsAsync(Domain);

        var identity = await _h.RunNextCheckAsync(Domain);

        Assert.That(identity.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(identity.IsVerified, Is.True);
        Assert.That(_h.Notifier.Events.Select(e => (e.Kind, e.From, e.To)), Is.EqualTo(new[]
        {
            (IdentityEventKind.VerificationStatusChanged, (VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.Success),
        }));
        var resolution = await new IdentityResolver(_h.Store).ResolveAsync(LifecycleHarness.AccountA, "a@example.com", CancellationToken.None);
        Assert.That(resolution.AuthorizingIdentity?.Name, Is.EqualTo(Domain));
        Assert.That(resolution.SigningDomain, Is.Null, "verified for sending, but no DKIM keys");
    }

    [Test]
    public async Task A_domain_verified_through_dkim_stays_verified_without_the_txt_record()
    {
        await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var identity = await _h.GetAsync(Domain);
        _h.Dns.Publish(_h.Service.RecordsFor(identity).Where(record => record.Type == "CNAME"));

        for (var hour = 0; hour <= 100; hour++)
        {
            await _h.RunChecksAtAsync(LifecycleHarness.Start + TimeSpan.FromHours(hour));
            identity = await _h.GetAsync(Domain);
            Assert.That(identity.VerificationStatus, Is.EqualTo(VerificationStatus.Success), $"after {hour} h");
        }

        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(_h.Notifier.Events.Where(e => e.To == VerificationStatus.Failed), Is.Empty, "no FAILED announced for a verified domain");
    }
}
