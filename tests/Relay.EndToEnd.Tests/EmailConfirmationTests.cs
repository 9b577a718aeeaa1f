using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using Relay.Core.Identities;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// An email-address identity verified the SES way: Relay mails the address a confirmation link, through itself and
/// signed by the provider, and following the link to Relay's HTTP endpoint verifies the address.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed partial class EmailConfirmationTests
{
    private const string Address = "alice@customer.test";

    private ApiRelay? _api;

    [SetUp]
    public async Task StartAsync()
    {
        var port = LoopbackPorts.FindFree().ToString(CultureInfo.InvariantCulture);
        _api = await ApiRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Api:Endpoint"] = $"127.0.0.1:{port}",
            ["Relay:Identities:ConfirmationLinkBase"] = $"http://127.0.0.1:{port}/confirm-email",
        });
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Test]
    public async Task The_link_in_the_provider_signed_confirmation_mail_verifies_the_address_once()
    {
        await _api!.Identities.VerifyEmailIdentityAsync("shop", Address, CancellationToken.None);
        Assert.That((await FindAsync()).VerificationStatus, Is.EqualTo(VerificationStatus.Pending));

        var mail = await WaitForMailAsync();
        Assert.That(mail.Recipients, Is.EqualTo(new[] { Address }));
        var verdicts = await DkimVerifiers.VerifyWithPythonAsync(mail.Data, _api.Relay.TxtRecords);
        Assert.That(verdicts.Select(v => (v.Domain, v.Passed)), Is.EqualTo(new[] { (RelayUnderTest.ProviderDomain, true) }), DkimVerdict.Describe(verdicts));

        var message = MimeMessage.Load(new MemoryStream(mail.Data));
        var link = LinkPattern().Match(message.TextBody ?? string.Empty).Value;
        Assert.That(link, Does.StartWith(_api.Endpoint.ToString().TrimEnd('/') + "/confirm-email?token="), message.TextBody);

        using var http = new HttpClient();
        using (var first = await http.GetAsync(new Uri(link)))
        {
            Assert.That((int)first.StatusCode, Is.EqualTo(200), await first.Content.ReadAsStringAsync());
        }

        Assert.That((await FindAsync()).VerificationStatus, Is.EqualTo(VerificationStatus.Success));
        using var second = await http.GetAsync(new Uri(link));
        Assert.That((int)second.StatusCode, Is.Not.EqualTo(200), "a link works once");
    }

    [Test]
    public async Task A_made_up_token_verifies_nothing()
    {
        await _api!.Identities.VerifyEmailIdentityAsync("shop", Address, CancellationToken.None);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_api.Endpoint, "/confirm-email?token=not-a-token"));

        Assert.That((int)response.StatusCode, Is.Not.EqualTo(200));
        Assert.That((await FindAsync()).VerificationStatus, Is.EqualTo(VerificationStatus.Pending));
    }

    private async Task<Identity> FindAsync() =>
        await _api!.Identities.FindAsync("shop", Address, CancellationToken.None) ?? throw new AssertionException("identity gone");

    private async Task<SmtpSinkTransaction> WaitForMailAsync()
    {
        // The mail may be delivered after the call returns (queue mode): wait for the sink, which is another party.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_api!.Relay.Sink.Delivered.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(_api.Relay.Sink.Delivered, Has.Count.EqualTo(1));
        return _api.Relay.Sink.Delivered[0];
    }

    [GeneratedRegex(@"http://\S+/confirm-email\?token=\S+")]
    private static partial Regex LinkPattern();
}
