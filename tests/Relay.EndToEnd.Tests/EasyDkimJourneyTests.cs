using System.Globalization;
using System.Net;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The whole Easy DKIM journey against real DNS: BIND serves the customer's zone, unbound resolves, and unbound
/// reaches the provider's key zone at Relay's own DNS responder. Domain → tokens → CNAMEs published → SUCCESS →
/// a message through SMTP whose two signatures python3-dkim and Mail::DKIM verify by asking that same resolver.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class EasyDkimJourneyTests
{
    private const string Account = "acme";
    private const string Password = "journey password";
    private const string CustomerDomain = "customer.test";
    private static readonly string KeyZone = "dkim." + RelayUnderTest.ProviderDomain;

    private DnsTestNetwork? _dns;
    private RelayUnderTest? _relay;

    private IIdentityManagement Identities => _relay!.Services.GetRequiredService<IIdentityManagement>();

    [SetUp]
    public async Task StartAsync()
    {
        var keyZonePort = LoopbackPorts.FindFree();
        _dns = await KeyZoneBehindResolver.StartAsync(CustomerDomain, KeyZone, keyZonePort);
        var sink = SmtpSink.Start();
        _relay = await RelayUnderTest.StartAsync(sink.Port, KeyZoneBehindResolver.Settings(_dns, keyZonePort));
        _relay.AttachSink(sink);
        await _relay.AddAccountAsync(Account, Password);
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_dns is not null)
        {
            await _dns.DisposeAsync();
        }
    }

    [Test]
    public async Task A_domain_goes_from_tokens_to_success_and_its_mail_verifies_through_real_dns()
    {
        var tokens = await Identities.VerifyDomainDkimAsync(Account, CustomerDomain, CancellationToken.None);
        Assert.That(tokens, Has.Count.EqualTo(3));

        var pending = await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None);
        Assert.That(pending.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(pending.DkimCheck.Records.Select(record => record.Outcome), Is.All.EqualTo("Missing"), Describe(pending));

        await PublishAsync(tokens.Select(token => $"{token}._domainkey CNAME {token}.{KeyZone}."));
        var verified = await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None);
        Assert.That(verified.DkimStatus, Is.EqualTo(VerificationStatus.Success), Describe(verified));
        Assert.That(verified.VerificationStatus, Is.EqualTo(VerificationStatus.Success), "DKIM success verifies the domain, as in SES");

        await SendAsync("From: Acme <news@customer.test>\r\nTo: someone@dest.test\r\nSubject: journey\r\n\r\nSigned twice.\r\n");
        var arrived = await WaitForDeliveryAsync();

        var resolver = _dns!.ResolverEndPoint;
        var python = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(arrived, resolver);
        var perl = await DkimVerifiers.VerifyWithPerlThroughResolverAsync(arrived, resolver);
        foreach (var verdicts in new[] { python, perl })
        {
            Assert.That(verdicts.Select(v => (v.Domain, v.Selector)), Is.EqualTo(new[]
            {
                (CustomerDomain, tokens[0]),
                (RelayUnderTest.ProviderDomain, RelayUnderTest.ProviderSelector),
            }), DkimVerdict.Describe(verdicts));
            Assert.That(verdicts.All(v => v.Passed), Is.True, DkimVerdict.Describe(verdicts));
        }
    }

    [Test]
    public async Task A_record_published_with_the_domain_twice_is_explained_and_does_not_verify()
    {
        var tokens = await Identities.VerifyDomainDkimAsync(Account, CustomerDomain, CancellationToken.None);
        var lines = new List<string>
        {
            // The DNS provider appended the zone to a name entered in full.
            $"{tokens[0]}._domainkey.{CustomerDomain} CNAME {tokens[0]}.{KeyZone}.",
            $"{tokens[1]}._domainkey CNAME {tokens[1]}.{KeyZone}.",
            // The value entered without its trailing dot: the zone is appended to the target.
            $"{tokens[2]}._domainkey CNAME {tokens[2]}.{KeyZone}",
        };
        await PublishAsync(lines);

        var identity = await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None);

        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Pending), Describe(identity));
        Assert.That(identity.DkimCheck.Records.Select(record => record.Outcome), Is.EqualTo(new[] { "DuplicatedDomain", "Found", "TargetDomainAppended" }), Describe(identity));
    }

    [Test]
    public async Task Records_removed_after_success_are_a_temporary_failure_and_mail_goes_out_signed_by_the_provider_only()
    {
        var tokens = await Identities.VerifyDomainDkimAsync(Account, CustomerDomain, CancellationToken.None);
        await PublishAsync(tokens.Select(token => $"{token}._domainkey CNAME {token}.{KeyZone}."));
        Assert.That((await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None)).DkimStatus, Is.EqualTo(VerificationStatus.Success));

        await PublishAsync([]);
        var missing = await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None);

        Assert.That(missing.DkimStatus, Is.EqualTo(VerificationStatus.TemporaryFailure), "SES's word for records it cannot confirm right now");
        Assert.That(missing.DkimCheck.MissingSince, Is.Not.Null, Describe(missing));
        Assert.That(missing.DkimCheck.Records.Select(record => record.Outcome), Is.All.EqualTo("Missing"), Describe(missing));

        // A signature whose selector no longer resolves helps nobody: only the provider signs.
        await SendAsync("From: news@customer.test\r\nTo: someone@dest.test\r\nSubject: records gone\r\n\r\nProvider only.\r\n");
        var verdicts = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(await WaitForDeliveryAsync(), _dns!.ResolverEndPoint);
        Assert.That(verdicts.Select(v => (v.Domain, v.Selector, v.Passed)), Is.EqualTo(new[]
        {
            (RelayUnderTest.ProviderDomain, RelayUnderTest.ProviderSelector, true),
        }), DkimVerdict.Describe(verdicts));
    }

    [Test]
    public async Task Byodkim_verifies_when_the_selector_publishes_the_matching_key_and_names_a_mismatch()
    {
        using var ours = System.Security.Cryptography.RSA.Create(2048);
        using var other = System.Security.Cryptography.RSA.Create(2048);
        var request = new DkimSigningRequest(DkimSigningOrigin.External, Selector: "byo2026", PrivateKey: ours.ExportRSAPrivateKeyPem());
        await Identities.CreateIdentityAsync(Account, CustomerDomain, request, CancellationToken.None);

        await PublishAsync([$"byo2026._domainkey TXT {Quoted("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(other.ExportSubjectPublicKeyInfo()))}"]);
        var mismatched = await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None);
        Assert.That(mismatched.DkimStatus, Is.EqualTo(VerificationStatus.Pending), Describe(mismatched));
        Assert.That(mismatched.DkimCheck.Records.Single().Outcome, Is.EqualTo("KeyMismatch"), Describe(mismatched));

        await PublishAsync([$"byo2026._domainkey TXT {Quoted("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(ours.ExportSubjectPublicKeyInfo()))}"]);
        var verified = await Identities.CheckNowAsync(Account, CustomerDomain, CancellationToken.None);
        Assert.That(verified.DkimStatus, Is.EqualTo(VerificationStatus.Success), Describe(verified));

        await SendAsync("From: news@customer.test\r\nTo: someone@dest.test\r\nSubject: byodkim\r\n\r\nOwn key.\r\n");
        var verdicts = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(await WaitForDeliveryAsync(), _dns!.ResolverEndPoint);
        Assert.That(verdicts.Select(v => (v.Domain, v.Selector, v.Passed)), Is.EqualTo(new[]
        {
            (CustomerDomain, "byo2026", true),
            (RelayUnderTest.ProviderDomain, RelayUnderTest.ProviderSelector, true),
        }), DkimVerdict.Describe(verdicts));
    }

    /// <summary>A TXT value as zone-file strings of at most 255 octets.</summary>
    private static string Quoted(string value) =>
        string.Join(' ', value.Chunk(255).Select(chunk => "\"" + new string(chunk) + "\""));

    private async Task PublishAsync(IEnumerable<string> lines) =>
        await _dns!.SetZoneAsync(new TestZone(CustomerDomain, string.Join('\n', lines)), CancellationToken.None);

    private async Task SendAsync(string text)
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(_relay!.SubmissionEndPoint.Address.ToString(), _relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(Account, Password);
        await client.SendAsync(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        await client.DisconnectAsync(quit: true);
    }

    private async Task<byte[]> WaitForDeliveryAsync()
    {
        // Delivery may happen after the 250 (queue mode): wait for the sink, which is another party.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (_relay!.Sink.Delivered.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.That(_relay.Sink.Delivered, Has.Count.EqualTo(1));
        return _relay.Sink.Delivered[0].Data;
    }

    private static string Describe(Identity identity) =>
        string.Join(Environment.NewLine, identity.DkimCheck.Records.Select(record => $"{record.Outcome} {record.Name}: {record.Explanation}"));
}
