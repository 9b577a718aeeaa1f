using System.Text.Json;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Issue 20: SES has no field for an Ed25519 key, so an SES client (Debian's awscli 2.9) must see the shape it knows
/// with Ed25519 on: three tokens, the RSA ones, and no field a domain without Ed25519 does not have.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AwsCliEd25519ShapeTests
{
    private ApiRelay? _relay;
    private AwsCli? _aws;

    [SetUp]
    public async Task StartAsync()
    {
        _relay = await ApiRelay.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:Identities:Ed25519"] = "true",
            ["Relay:Identities:VerifyDomainDkimInterval"] = "00:00:00.001",
        });
        _aws = _relay.Cli(AwsCli.DebianV2);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _aws?.Dispose();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task An_ed25519_domain_reports_the_three_rsa_tokens_and_the_fields_of_an_rsa_only_domain()
    {
        var tokens = Strings((await _aws!.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com")).Json().GetProperty("DkimTokens"));
        await _aws.RunAsync("ses", "verify-domain-dkim", "--domain", "rsa-only.example");
        await _relay!.Identities.SetEd25519Async("shop", "rsa-only.example", Ed25519DkimRequest.Off, CancellationToken.None);
        await MarkBothSuccessAsync("example.com");
        await _relay.MarkDkimSuccessAsync("shop", "rsa-only.example");

        var stored = (await _relay.Identities.FindAsync("shop", "example.com", CancellationToken.None))!;
        var v2 = (await _aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "example.com")).Json().GetProperty("DkimAttributes");
        var v2RsaOnly = (await _aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "rsa-only.example")).Json().GetProperty("DkimAttributes");
        var v1 = (await _aws.RunAsync("ses", "get-identity-dkim-attributes", "--identities", "example.com")).Json()
            .GetProperty("DkimAttributes").GetProperty("example.com");

        Assert.Multiple(() =>
        {
            Assert.That(stored.Ed25519!.Status, Is.EqualTo(VerificationStatus.Success), "set-up: Ed25519 verified");
            Assert.That(tokens, Has.Count.EqualTo(3));
            Assert.That(tokens, Does.Not.Contain(stored.Ed25519.Key.Selector));
            Assert.That(Strings(v2.GetProperty("Tokens")), Is.EqualTo(tokens));
            Assert.That(v2.GetProperty("Status").GetString(), Is.EqualTo("SUCCESS"));
            Assert.That(Strings(v1.GetProperty("DkimTokens")), Is.EqualTo(tokens));
            Assert.That(v2.EnumerateObject().Select(property => property.Name), Is.EquivalentTo(v2RsaOnly.EnumerateObject().Select(property => property.Name)),
                "no field an SES client does not know");
            Assert.That(v2.GetRawText(), Does.Not.Contain(stored.Ed25519.Key.Selector));
        });
    }

    /// <summary>Stands in for DNS, as <see cref="ApiRelay.MarkDkimSuccessAsync"/> does, for the Ed25519 record too.</summary>
    private async Task MarkBothSuccessAsync(string domain)
    {
        await _relay!.MarkDkimSuccessAsync("shop", domain);
        var identity = (await _relay.Identities.FindAsync("shop", domain, CancellationToken.None))!;
        await _relay.Relay.Store.SaveIdentityAsync(
            identity with { Ed25519 = identity.Ed25519! with { Status = VerificationStatus.Success, Check = DnsCheckState.Idle } }, CancellationToken.None);
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToList();
}
