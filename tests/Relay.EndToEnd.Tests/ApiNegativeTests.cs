using System.Text;
using System.Xml.Linq;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Api.Authentication;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// What Relay's API refuses, through the real host: awscli without a signature, with a wrong secret, on another
/// account's identity, with bad parameters, too fast; and hand-signed requests whose body was changed or whose
/// signature is too old. Nothing is done for a refused request.
/// </summary>
[TestFixture(AwsCli.DebianV2)]
[TestFixture(AwsCli.PipV1)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ApiNegativeTests(string cliPath)
{
    private ApiCliSession? _session;

    private ApiRelay Relay => _session!.Relay;

    private AwsCli Aws => _session!.Aws;

    // A minute between VerifyDomainDkim calls, so two CLI runs in a row are certainly too fast.
    [SetUp]
    public async Task StartAsync() =>
        _session = await ApiCliSession.StartAsync(cliPath, TimeSpan.FromMinutes(1));

    [TearDown]
    public async Task StopAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    [Test]
    public async Task An_unsigned_request_is_refused()
    {
        var result = await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com", "--no-sign-request");

        result.AssertError("MissingAuthenticationToken");
        Assert.That(await Relay.Identities.ListAsync("shop", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_wrong_secret_does_not_match()
    {
        using var wrong = Aws.As(Relay.ShopKey.Id, Relay.OtherKey.Secret);

        (await wrong.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com")).AssertError("SignatureDoesNotMatch");
        (await wrong.RunAsync("sesv2", "get-email-identity", "--email-identity", "example.com")).AssertError("SignatureDoesNotMatch");
        Assert.That(await Relay.Identities.ListAsync("shop", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task An_unknown_access_key_is_an_invalid_client_token()
    {
        using var unknown = Aws.As("RELAYNOSUCHKEY234567", Relay.ShopKey.Secret);

        (await unknown.RunAsync("ses", "get-send-quota")).AssertError("InvalidClientTokenId");
    }

    [Test]
    public async Task Another_accounts_identity_is_not_found_and_never_listed()
    {
        using var other = Aws.As(Relay.OtherKey.Id, Relay.OtherKey.Secret);
        Assert.That((await other.RunAsync("ses", "verify-domain-dkim", "--domain", "other.example")).ExitCode, Is.Zero);

        (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "other.example")).AssertError("NotFoundException");
        (await Aws.RunAsync("sesv2", "delete-email-identity", "--email-identity", "other.example")).AssertError("NotFoundException");
        (await Aws.RunAsync("ses", "set-identity-dkim-enabled", "--identity", "other.example", "--no-dkim-enabled")).AssertError("InvalidParameterValue");
        var attributes = (await Aws.RunAsync("ses", "get-identity-dkim-attributes", "--identities", "other.example")).Json();
        Assert.That(attributes.GetProperty("DkimAttributes").EnumerateObject(), Is.Empty);
        var listed = (await Aws.RunAsync("ses", "list-identities")).Json();
        Assert.That(listed.GetProperty("Identities").GetArrayLength(), Is.Zero);
        var untouched = await Relay.Identities.FindAsync("other", "other.example", CancellationToken.None);
        Assert.That(untouched!.SigningEnabled, Is.True);
    }

    [Test]
    public async Task Sending_from_an_unverified_or_another_accounts_identity_is_message_rejected()
    {
        using var other = Aws.As(Relay.OtherKey.Id, Relay.OtherKey.Secret);
        await other.RunAsync("ses", "verify-domain-dkim", "--domain", "other.example");
        await Relay.MarkDkimSuccessAsync("other", "other.example");

        var result = await Aws.RunAsync("ses", "send-email", "--from", "news@other.example", "--destination", "ToAddresses=a@dest.test",
            "--message", "Subject={Data=s},Body={Text={Data=t}}");

        result.AssertError("MessageRejected");
        Assert.That(result.StandardError, Does.Contain(
            "Email address is not verified. The following identities failed the check in region EU-WEST-1: news@other.example"));
        Assert.That(Relay.Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Bad_parameters_are_invalid_parameter_value()
    {
        (await Aws.RunAsync("ses", "list-identities", "--identity-type", "Foo")).AssertError("InvalidParameterValue");
        (await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "not a domain!")).AssertError("InvalidParameterValue");
        (await Aws.RunAsync("ses", "send-email", "--from", "not an address", "--destination", "ToAddresses=a@dest.test",
            "--message", "Subject={Data=s},Body={Text={Data=t}}")).AssertError("InvalidParameterValue");
        (await Aws.RunAsync("sesv2", "create-email-identity", "--email-identity", "not a domain!")).AssertError("BadRequestException");
    }

    [Test]
    public async Task Verify_domain_dkim_faster_than_allowed_is_throttled()
    {
        Assert.That((await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com")).ExitCode, Is.Zero);

        var second = await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com");

        second.AssertError("Throttling");
    }

    [Test]
    public async Task A_body_changed_after_signing_does_not_match_and_nothing_is_done()
    {
        using var http = new HttpClient();
        var request = SigV4TestSigner.SignedQuery(Relay.Endpoint, "Action=VerifyDomainDkim&Version=2010-12-01&Domain=example.com",
            Relay.ShopKey.Id, Relay.ShopKey.Secret, ApiRelay.Region, DateTimeOffset.UtcNow);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("Action=VerifyDomainDkim&Version=2010-12-01&Domain=evil.example"));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");

        using var response = await http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(403));
        Assert.That(await CodeAsync(response), Is.EqualTo("SignatureDoesNotMatch"));
        Assert.That(response.Headers.GetValues("x-amzn-RequestId").Single(), Is.Not.Empty);
        Assert.That(await Relay.Identities.ListAsync("shop", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_signature_older_than_fifteen_minutes_has_expired()
    {
        using var http = new HttpClient();
        var request = SigV4TestSigner.SignedQuery(Relay.Endpoint, "Action=VerifyDomainDkim&Version=2010-12-01&Domain=example.com",
            Relay.ShopKey.Id, Relay.ShopKey.Secret, ApiRelay.Region, DateTimeOffset.UtcNow.AddMinutes(-20));

        using var response = await http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await CodeAsync(response), Is.EqualTo("RequestExpired"));
        Assert.That(await Relay.Identities.ListAsync("shop", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task The_same_access_key_authenticates_smtp_with_the_ses_derived_password()
    {
        await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com");
        await Relay.MarkDkimSuccessAsync("shop", "example.com");
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes("From: news@example.com\r\nTo: s@dest.test\r\nSubject: smtp\r\n\r\nbody\r\n")));
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", Relay.Relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);

        Assert.ThrowsAsync<AuthenticationException>(async () =>
            await client.AuthenticateAsync(Relay.ShopKey.Id, SesSmtpPassword.Derive(Relay.ShopKey.Secret, "us-east-1")), "another region's password");
        await client.AuthenticateAsync(Relay.ShopKey.Id, SesSmtpPassword.Derive(Relay.ShopKey.Secret, ApiRelay.Region));
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        Assert.That((await Relay.DeliveredAsync(1)).Single().Recipients, Is.EqualTo(new[] { "s@dest.test" }));
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        XElement.Parse(await response.Content.ReadAsStringAsync()).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
}
