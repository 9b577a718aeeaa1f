using Relay.Api.Tests.Support;

namespace Relay.Api.Tests;

/// <summary>
/// Issue 14 item 11: a confirmation mail goes to whatever address the caller names, so VerifyEmailIdentity,
/// VerifyEmailAddress and CreateEmailIdentity of an address are rationed per account and per recipient; past either,
/// SES's throttling error comes back and the lifecycle (which sends the mail) is not called.
/// </summary>
public sealed class ConfirmationMailThrottleTests
{
    [Test]
    public async Task An_account_past_its_ration_is_throttled_until_the_window_has_passed()
    {
        using var harness = Harness(perAccount: 3, perAddress: 3);
        for (var index = 1; index <= 3; index++)
        {
            Assert.That((await Verify(harness, $"victim{index}@example.net")).StatusCode, Is.EqualTo(200));
        }

        var fourth = await Verify(harness, "victim4@example.net");
        var otherAccount = await Verify(harness, "victim4@example.net", ApiHarness.OtherKeyId);
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var later = await Verify(harness, "victim5@example.net");

        Assert.That(fourth.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.V1ErrorCode(fourth), Is.EqualTo("Throttling"));
        Assert.That(harness.Identities.Calls, Has.None.Contains("shop victim4@example.net"), "no confirmation is started");
        Assert.That(otherAccount.StatusCode, Is.EqualTo(200), "another account has its own ration");
        Assert.That(later.StatusCode, Is.EqualTo(200), "the window slides");
    }

    [Test]
    public async Task One_address_gets_few_mails_whichever_accounts_ask()
    {
        using var harness = Harness(perAccount: 100, perAddress: 1);

        var first = await Verify(harness, "victim@example.net");
        var again = await Verify(harness, "Victim@Example.NET");
        var fromOther = await Verify(harness, "victim@example.net", ApiHarness.OtherKeyId);
        var elsewhere = await Verify(harness, "someone-else@example.net");
        harness.Clock.Advance(TimeSpan.FromHours(24));
        var nextDay = await Verify(harness, "victim@example.net", ApiHarness.OtherKeyId);

        Assert.That(first.StatusCode, Is.EqualTo(200));
        Assert.That(ApiHarness.V1ErrorCode(again), Is.EqualTo("Throttling"));
        Assert.That(ApiHarness.V1ErrorCode(fromOther), Is.EqualTo("Throttling"));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(200));
        Assert.That(nextDay.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task The_deprecated_verify_email_address_draws_on_the_same_ration()
    {
        using var harness = Harness(perAccount: 100, perAddress: 1);

        await Verify(harness, "victim@example.net");
        var response = await harness.QueryAsync("VerifyEmailAddress", [("EmailAddress", "victim@example.net")]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("Throttling"));
    }

    [Test]
    public async Task Create_email_identity_of_an_address_is_too_many_requests_past_the_ration_and_a_domain_is_not_rationed()
    {
        using var harness = Harness(perAccount: 1, perAddress: 10);

        var first = await harness.RestAsync("POST", "/v2/email/identities", new { EmailIdentity = "a@example.net" });
        var second = await harness.RestAsync("POST", "/v2/email/identities", new { EmailIdentity = "b@example.net" });
        var domain = await harness.RestAsync("POST", "/v2/email/identities", new { EmailIdentity = "example.org" });

        Assert.That(first.StatusCode, Is.EqualTo(200));
        Assert.That(second.StatusCode, Is.EqualTo(429));
        Assert.That(second.Headers["x-amzn-ErrorType"], Is.EqualTo("TooManyRequestsException"));
        Assert.That(domain.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Asking_again_for_a_verified_address_mails_nothing_and_costs_nothing()
    {
        using var harness = Harness(perAccount: 1, perAddress: 1);
        harness.Identities.Address("shop", "known@example.com", verified: true);

        var responses = new List<int>();
        for (var index = 0; index < 5; index++)
        {
            responses.Add((await Verify(harness, "known@example.com")).StatusCode);
        }

        var fresh = await Verify(harness, "new@example.com");

        Assert.That(responses, Has.All.EqualTo(200));
        Assert.That(fresh.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public void The_defaults_are_twenty_an_hour_per_account_and_three_a_day_per_address()
    {
        var options = new SesApiOptions();

        Assert.That(options.MaxConfirmationMailsPerAccount, Is.EqualTo(20));
        Assert.That(options.ConfirmationMailAccountWindow, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(options.MaxConfirmationMailsPerAddress, Is.EqualTo(3));
        Assert.That(options.ConfirmationMailAddressWindow, Is.EqualTo(TimeSpan.FromHours(24)));
    }

    private static ApiHarness Harness(int perAccount, int perAddress) => new(new SesApiOptions
    {
        Region = ApiHarness.Region,
        MaxConfirmationMailsPerAccount = perAccount,
        MaxConfirmationMailsPerAddress = perAddress,
    });

    private static Task<Relay.Api.Http.ApiResponse> Verify(ApiHarness harness, string address, string keyId = ApiHarness.ShopKeyId) =>
        harness.QueryAsync("VerifyEmailIdentity", [("EmailAddress", address)], keyId);
}
