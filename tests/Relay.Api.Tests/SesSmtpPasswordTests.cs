using Relay.Api.Authentication;
using Relay.Api.Tests.Support;
using Relay.Core.Accounts;

namespace Relay.Api.Tests;

/// <summary>SES's documented version-4 SMTP password derivation (known answers from shared/ses-api.md §6).</summary>
public sealed class SesSmtpPasswordTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [TestCase("us-east-1", "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9")]
    [TestCase("eu-west-1", "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk")]
    [TestCase("us-west-2", "BF2PynzbSCAjX08zhZZnP/kW+T9P5zs/1Er0pi5vTEmd")]
    public void The_derived_password_is_the_one_ses_gives(string region, string password) =>
        Assert.That(SesSmtpPassword.Derive(Secret, region), Is.EqualTo(password));

    [Test]
    public async Task Smtp_auth_accepts_the_key_id_with_the_password_for_the_configured_region_only()
    {
        var keys = new InMemoryAccessKeyStore();
        await keys.AddAsync(new AccessKey("RELAYSMTPKEY23456789", "shop", Secret, DateTimeOffset.UnixEpoch, null), CancellationToken.None);
        var authenticator = new AccessKeySmtpAuthenticator(keys, new SesApiOptions { Region = "eu-west-1" });

        Assert.That(await authenticator.AuthenticateAsync("RELAYSMTPKEY23456789", "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk", CancellationToken.None),
            Is.EqualTo("shop"));
        Assert.That(await authenticator.AuthenticateAsync("RELAYSMTPKEY23456789", "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", CancellationToken.None),
            Is.Null, "another region's password");
        Assert.That(await authenticator.AuthenticateAsync("RELAYSMTPKEY23456789", Secret, CancellationToken.None), Is.Null, "the secret itself");
        Assert.That(await authenticator.AuthenticateAsync("RELAYNOSUCHKEY234567", "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_revoked_key_no_longer_authenticates_over_smtp()
    {
        var keys = new InMemoryAccessKeyStore();
        await keys.AddAsync(new AccessKey("RELAYSMTPKEY23456789", "shop", Secret, DateTimeOffset.UnixEpoch, null), CancellationToken.None);
        await keys.RevokeAsync("RELAYSMTPKEY23456789", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var authenticator = new AccessKeySmtpAuthenticator(keys, new SesApiOptions { Region = "us-east-1" });

        Assert.That(await authenticator.AuthenticateAsync("RELAYSMTPKEY23456789", "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", CancellationToken.None), Is.Null);
    }
}
