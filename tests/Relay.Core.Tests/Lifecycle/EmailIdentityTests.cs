using System.Web;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Email-address identities: the confirmation link, its 24-hour life, and the operator's shortcut.</summary>
public sealed class EmailIdentityTests
{
    private const string Address = "sender@example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    private async Task<string> RequestConfirmationAsync()
    {
        await _h.Service.VerifyEmailIdentityAsync(LifecycleHarness.AccountA, Address, CancellationToken.None);
        return TokenOf(_h.Notifier.Confirmations[^1].Link);
    }

    private static string TokenOf(Uri link) => HttpUtility.ParseQueryString(link.Query)["token"]!;

    [Test]
    public async Task Verify_email_identity_mails_a_confirmation_link_carrying_a_token()
    {
        await _h.Service.VerifyEmailIdentityAsync(LifecycleHarness.AccountA, "Sender@Example.com", CancellationToken.None);

        Assert.That(_h.Notifier.Confirmations, Has.Count.EqualTo(1));
        var (identity, link) = _h.Notifier.Confirmations[0];
        Assert.Multiple(() =>
        {
            Assert.That(identity.Name, Is.EqualTo(Address));
            Assert.That(identity.Type, Is.EqualTo(IdentityType.EmailAddress));
            Assert.That(link.GetLeftPart(UriPartial.Path), Is.EqualTo(_h.Options.ConfirmationLinkBase));
            Assert.That(TokenOf(link), Has.Length.GreaterThanOrEqualTo(40), "an unguessable secret");
            Assert.That(TokenOf(link), Is.EqualTo(identity.VerificationToken));
        });
        var stored = await _h.GetAsync(Address);
        Assert.That(stored.VerificationStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(stored.NextCheck, Is.EqualTo(_h.Now + TimeSpan.FromHours(24)), "the link expires after 24 hours");
    }

    [Test]
    public async Task Following_the_link_verifies_the_address_once()
    {
        var token = await RequestConfirmationAsync();
        _h.Time.Advance(TimeSpan.FromHours(23));

        var confirmed = await _h.Service.ConfirmEmailAsync(token, CancellationToken.None);
        var again = await _h.Service.ConfirmEmailAsync(token, CancellationToken.None);

        Assert.That(confirmed?.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(again, Is.Null, "the link is used up");
        var stored = await _h.GetAsync(Address);
        Assert.That(stored.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(stored.VerificationToken, Is.Null);
        Assert.That(stored.NextCheck, Is.Null);
        Assert.That(_h.Notifier.Events.Select(e => (e.Kind, e.From, e.To)), Is.EqualTo(new[]
        {
            (IdentityEventKind.VerificationStatusChanged, (VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.Success),
        }));
        var resolution = await new IdentityResolver(_h.Store).ResolveAsync(LifecycleHarness.AccountA, "Sender@example.com", CancellationToken.None);
        Assert.That(resolution.AuthorizingIdentity?.Name, Is.EqualTo(Address));
    }

    [TestCase("")]
    [TestCase("not-the-token")]
    public async Task A_wrong_token_confirms_nothing(string token)
    {
        var real = await RequestConfirmationAsync();

        var confirmed = await _h.Service.ConfirmEmailAsync(token, CancellationToken.None);

        Assert.That(confirmed, Is.Null);
        Assert.That((await _h.GetAsync(Address)).VerificationStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(real, Is.Not.EqualTo(token));
    }

    [Test]
    public async Task After_24_hours_the_scheduler_fails_the_address_and_the_link_no_longer_works()
    {
        var token = await RequestConfirmationAsync();

        Assert.That(await _h.RunChecksAtAsync(LifecycleHarness.Start + TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1)), Is.Zero);
        Assert.That(await _h.RunChecksAtAsync(LifecycleHarness.Start + TimeSpan.FromHours(24)), Is.EqualTo(1));
        var confirmed = await _h.Service.ConfirmEmailAsync(token, CancellationToken.None);

        var stored = await _h.GetAsync(Address);
        Assert.That(stored.VerificationStatus, Is.EqualTo(VerificationStatus.Failed));
        Assert.That(stored.NextCheck, Is.Null);
        Assert.That(confirmed, Is.Null);
        Assert.That(_h.Notifier.Events.Select(e => (e.Kind, e.From, e.To)), Is.EqualTo(new[]
        {
            (IdentityEventKind.VerificationStatusChanged, (VerificationStatus?)VerificationStatus.Pending, (VerificationStatus?)VerificationStatus.Failed),
        }));
    }

    [Test]
    public async Task A_link_followed_after_24_hours_before_the_scheduler_ran_fails_the_address()
    {
        var token = await RequestConfirmationAsync();
        _h.Time.Advance(TimeSpan.FromHours(24));

        var confirmed = await _h.Service.ConfirmEmailAsync(token, CancellationToken.None);

        Assert.That(confirmed, Is.Null);
        Assert.That((await _h.GetAsync(Address)).VerificationStatus, Is.EqualTo(VerificationStatus.Failed));
    }

    [Test]
    public async Task Asking_again_after_failure_sends_a_new_link_that_works()
    {
        var first = await RequestConfirmationAsync();
        await _h.RunChecksAtAsync(LifecycleHarness.Start + TimeSpan.FromHours(25));

        var second = await RequestConfirmationAsync();
        var confirmed = await _h.Service.ConfirmEmailAsync(second, CancellationToken.None);

        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(confirmed?.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
    }

    [Test]
    public async Task An_operator_confirms_an_address_without_the_link()
    {
        var token = await RequestConfirmationAsync();

        var confirmed = await _h.Service.ConfirmEmailByOperatorAsync(LifecycleHarness.AccountA, Address, CancellationToken.None);

        Assert.That(confirmed.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That((await _h.GetAsync(Address)).VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(await _h.Service.ConfirmEmailAsync(token, CancellationToken.None), Is.Null, "the link is void once confirmed");
        Assert.That(_h.Notifier.Events.Select(e => e.To), Is.EqualTo(new VerificationStatus?[] { VerificationStatus.Success }));
    }

    [Test]
    public async Task Verifying_a_verified_address_sends_no_new_link()
    {
        await _h.Service.ConfirmEmailByOperatorAsync(LifecycleHarness.AccountA, Address, CancellationToken.None);

        await _h.Service.VerifyEmailIdentityAsync(LifecycleHarness.AccountA, Address, CancellationToken.None);

        Assert.That(_h.Notifier.Confirmations, Is.Empty);
        Assert.That((await _h.GetAsync(Address)).VerificationStatus, Is.EqualTo(VerificationStatus.Success));
    }

    [TestCase("not-an-address")]
    [TestCase("Name <sender@example.com>")]
    [TestCase("sender@localhost")]
    public void A_malformed_address_is_an_invalid_parameter(string address)
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.VerifyEmailIdentityAsync(LifecycleHarness.AccountA, address, CancellationToken.None));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }
}
