using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The provider signing both ways (RFC 8463) through a real Relay: with <c>Relay:Provider:Ed25519Selector</c> set,
/// every message carries the domain's RSA signature, then the provider's ed25519-sha256 and rsa-sha256 signatures;
/// python3-dkim (with PyNaCl) passes all three on the bytes the next hop received, Debian's Mail::DKIM (no ed25519)
/// passes the RSA ones, and Relay's key zone serves the Ed25519 record.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class Ed25519ProviderSignatureTests
{
    private const string Ed25519Selector = "relayed";
    private RelayUnderTest? _relay;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task The_provider_signs_with_ed25519_and_rsa_and_verifiers_pass_what_they_know()
    {
        ExternalTool.RequireModule(DkimVerifiers.PythonPath, ["-c", "import nacl.signing"], "python3-nacl");
        var sink = SmtpSink.Start();
        _relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?> { ["Relay:Provider:Ed25519Selector"] = Ed25519Selector });
        _relay.AttachSink(sink);
        await _relay.AddAccountAsync("shop", "shop password");
        await _relay.AddDomainAsync("shop", "example.com");

        var text = "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: both ways\r\n\r\nHello.\r\n";
        await MailKitSubmission.SendAsync(_relay, "shop", "shop password", MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        var delivered = (await SinkWait.ForDeliveredAsync(sink, 1, TimeSpan.FromSeconds(30))).Single().Data;

        var python = await DkimVerifiers.VerifyWithPythonAsync(delivered, _relay.TxtRecords);
        var perl = await DkimVerifiers.VerifyWithPerlAsync(delivered, _relay.TxtRecords);
        Assert.Multiple(() =>
        {
            Assert.That(python.Select(v => (v.Domain, v.Selector, v.Result)), Is.EqualTo(new[]
            {
                ("example.com", "sel2048", "pass"),
                (RelayUnderTest.ProviderDomain, Ed25519Selector, "pass"),
                (RelayUnderTest.ProviderDomain, RelayUnderTest.ProviderSelector, "pass"),
            }), DkimVerdict.Describe(python));
            Assert.That(perl.Select(v => (v.Selector, v.Result == "pass")), Is.EqualTo(new[] { ("sel2048", true), (Ed25519Selector, false), (RelayUnderTest.ProviderSelector, true) }),
                DkimVerdict.Describe(perl));
            Assert.That(perl[1].Detail, Does.Contain("unsupported algorithm ed25519-sha256"), "Mail::DKIM 1.20230212 ignores what it does not know");
            Assert.That(Encoding.ASCII.GetString(delivered), Does.Contain("a=ed25519-sha256"));
        });

        var served = await KeyZoneTxtAsync(_relay, $"{Ed25519Selector}.dkim.{RelayUnderTest.ProviderDomain}");
        Assert.That(served, Is.EqualTo(_relay.TxtRecords[$"{Ed25519Selector}._domainkey.{RelayUnderTest.ProviderDomain}"]));
        Assert.That(served, Does.StartWith("v=DKIM1; k=ed25519; p="));
    }

    private static async Task<string> KeyZoneTxtAsync(RelayUnderTest relay, string name)
    {
        var dig = ExternalTool.Require("/usr/bin/dig", "dnsutils");
        var zone = relay.Services.GetServices<IHostedService>().OfType<Relay.KeyZone.KeyZoneService>().Single().EndPoint!;
        var result = await ExternalTool.RunAsync(
            dig, ["@" + zone.Address, "-p", zone.Port.ToString(CultureInfo.InvariantCulture), "+norecurse", "+short", "+time=3", "+tries=1", name, "TXT"], null, TimeSpan.FromSeconds(20));
        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        return string.Concat(result.StandardOutput.Trim().Split('"', StringSplitOptions.RemoveEmptyEntries).Where(part => part.Trim().Length > 0));
    }
}
