using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Http;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Easy DKIM keys change behind the same three tokens while mail keeps flowing, against real DNS (BIND serves the
/// customer's zone, unbound resolves, Relay's own responder serves the key zone): three rotations, then 2048 → 1024 and
/// 1024 → 2048 bits. The customer publishes the three CNAMEs once; the background verifier makes every switch; every
/// message sent meanwhile, one a second, passes python3-dkim and Mail::DKIM, asking that same resolver when it arrives.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class EasyDkimRotationStreamTests
{
    private const string Account = "acme";
    private const string Password = "rotation password";
    private const string CustomerDomain = "customer.test";
    private const string Region = "us-east-1";
    private static readonly string KeyZone = "dkim." + RelayUnderTest.ProviderDomain;

    private static readonly TimeSpan KeySwitchDelay = TimeSpan.FromSeconds(3);

    // Days in production; here just long enough to show that a token is reused only after it (the queue's MaxAge is
    // the same, and start-up refuses a shorter retention), and short enough for five key changes in about a minute and a half.
    private static readonly TimeSpan RetiredKeyRetention = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan SendInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SwitchLimit = TimeSpan.FromSeconds(30);

    private DnsTestNetwork? _dns;
    private RelayUnderTest? _relay;
    private Uri? _api;
    private AccessKey? _accessKey;

    private IIdentityManagement Identities => _relay!.Services.GetRequiredService<IIdentityManagement>();

    [SetUp]
    public async Task StartAsync()
    {
        var keyZonePort = LoopbackPorts.FindFree();
        _dns = await KeyZoneBehindResolver.StartAsync(CustomerDomain, KeyZone, keyZonePort);
        var sink = SmtpSink.Start();
        var settings = KeyZoneBehindResolver.Settings(_dns, keyZonePort);
        settings["Relay:KeyZone:Ttl"] = "00:00:01";
        // The background verifier picks up a key change made through IIdentityManagement within a second.
        settings["Relay:DnsChecks:PollInterval"] = "00:00:01";
        settings["Relay:Identities:KeySwitchDelay"] = KeySwitchDelay.ToString("c", CultureInfo.InvariantCulture);
        settings["Relay:Identities:FirstRetryDelay"] = "00:00:01";
        settings["Relay:Identities:RetiredKeyRetention"] = RetiredKeyRetention.ToString("c", CultureInfo.InvariantCulture);
        settings["Relay:Identities:KeyLengthChangeInterval"] = "00:00:00";
        settings["Relay:Delivery:MaxAge"] = RetiredKeyRetention.ToString("c", CultureInfo.InvariantCulture);
        // One connection a second for about 80 seconds: above the default 60 a minute from one address.
        settings["Relay:Smtp:MaxConnectionRatePerAddress"] = "1000";

        _relay = await RelayUnderTest.StartAsync(sink.Port, settings);
        _relay.AttachSink(sink);
        await _relay.AddAccountAsync(Account, Password);
        _accessKey = AccessKeyGenerator.Create(Account, DateTimeOffset.UtcNow);
        await _relay.Services.GetRequiredService<IAccessKeyStore>().AddAsync(_accessKey, CancellationToken.None);
        var api = _relay.Services.GetRequiredService<ApiListenerService>().BoundEndPoints.Single();
        _api = new Uri($"http://{api.Address}:{api.Port.ToString(CultureInfo.InvariantCulture)}");
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
    [CancelAfter(200_000)]
    public async Task Rotations_and_key_length_changes_behind_the_same_tokens_never_break_a_signature(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var tokens = await Identities.VerifyDomainDkimAsync(Account, CustomerDomain, cancellationToken);
        await _dns!.SetZoneAsync(
            new TestZone(CustomerDomain, string.Join('\n', tokens.Select(token => $"{token}._domainkey CNAME {token}.{KeyZone}."))), cancellationToken);
        var verified = await Identities.CheckNowAsync(Account, CustomerDomain, cancellationToken);
        Assert.That(verified.DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up: the three CNAMEs verify");
        var records = Identities.RecordsFor(verified);

        var steps = new (string Name, Func<CancellationToken, Task<Identity>> Start, int Bits, bool? RefusedAtFirst)[]
        {
            ("rotation #1", Rotate, 2048, false),
            ("rotation #2", Rotate, 2048, false),
            // Both idle tokens' keys signed less than RetiredKeyRetention ago: queued mail may still need them.
            ("rotation #3", Rotate, 2048, true),
            // The token it takes stopped signing at rotation #2, about RetiredKeyRetention before: free or nearly.
            ("2048 → 1024 bits", NextKeyLength(DkimKeyLength.Rsa1024), 1024, null),
            ("1024 → 2048 bits", NextKeyLength(DkimKeyLength.Rsa2048), 2048, true),
        };

        var verifier = new ArrivalVerifier(_relay!.Sink, _dns.ResolverEndPoint);
        using var stopVerifying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var verifying = verifier.RunAsync(TimeSpan.FromSeconds(2), stopVerifying.Token);
        await using var stream = MessageStream.Start(
            _relay.SubmissionEndPoint, Account, Password,
            number => $"From: Acme <news@customer.test>\r\nTo: someone@dest.test\r\nSubject: stream {number}\r\n\r\nMessage {number} of the stream.\r\n",
            SendInterval, cancellationToken);

        var before = (Identity: verified, Reported: await GetEmailIdentityAsync(cancellationToken));
        var problems = new List<string>();
        var signingSelectors = new List<(string Selector, int Bits)> { (verified.SigningKey!.Selector, verified.SigningKey.KeyBits) };
        foreach (var step in steps)
        {
            var (stagedIdentity, refusals) = await StartWhenATokenIsFreeAsync(step.Start, cancellationToken);
            var staged = (Identity: stagedIdentity, Reported: await GetEmailIdentityAsync(cancellationToken));
            var switchedIdentity = await WaitForSwitchAsync(stagedIdentity.StagedDkim!.Token, cancellationToken);
            var switched = (Identity: switchedIdentity, Reported: await GetEmailIdentityAsync(cancellationToken));
            problems.AddRange(CheckStep(step.Name, step.Bits, step.RefusedAtFirst, refusals, before, staged, switched, string.Join(' ', tokens)));
            Assert.That(Identities.RecordsFor(switchedIdentity), Is.EqualTo(records), $"{step.Name}: the records the customer publishes");
            await stream.EnsureRunningAsync();
            var signing = switchedIdentity.SigningKey!;
            signingSelectors.Add((signing.Selector, signing.KeyBits));
            TestContext.Out.WriteLine(
                $"{wall.Elapsed.TotalSeconds,5:0.0} s {step.Name}: refused {refusals} time(s), staged at {stagedIdentity.LastKeyGeneration:HH:mm:ss.fff}, " +
                $"{signing.KeyBits}-bit key behind {signing.Selector} signs; reported {switched.Reported.CurrentSigningKeyLength}, " +
                $"next {switched.Reported.NextSigningKeyLength}, generated {switched.Reported.LastKeyGenerationTimestamp:0.000}");
            before = switched;
        }

        // A few messages signed by the last key, then the stream stops and what arrived is verified.
        var last = stream.Sent;
        while (stream.Sent < last + 3)
        {
            await stream.EnsureRunningAsync();
            await Task.Delay(SendInterval, cancellationToken);
        }

        await stream.StopAsync();
        await stopVerifying.CancelAsync();
        await verifying;

        var arrivals = verifier.Verified;
        TestContext.Out.WriteLine(
            $"{stream.Sent} message(s) sent, {arrivals.Count} delivered and verified by python3-dkim and Mail::DKIM, in {wall.Elapsed.TotalSeconds:0} s");
        Assert.That(problems, Is.Empty, "key changes as GetEmailIdentity and the identity report them");
        Assert.That(arrivals, Has.Count.EqualTo(stream.Sent), "every message sent reached the next hop");
        var failures = arrivals.SelectMany(VerificationFailures).ToList();
        Assert.That(failures, Is.Empty, $"{failures.Count} failure(s) among {arrivals.Count} message(s)");

        // The keys that signed, read from the messages: one run per key, in the order the identity reported them.
        var runs = arrivals
            .Select(arrival => (arrival.Signatures[0].Selector, Bits: arrival.Signatures[0].SignatureBits))
            .Aggregate(new List<(string Selector, int Bits)>(), (list, key) =>
            {
                if (list.Count == 0 || list[^1] != key)
                {
                    list.Add(key);
                }

                return list;
            });
        Assert.That(runs, Is.EqualTo(signingSelectors), "the customer signature's selector and key length, message after message");
        Assert.That(runs.Select(run => run.Selector).Distinct(), Is.EquivalentTo(tokens), "every token signed in turn");
        Assert.That(wall.Elapsed, Is.LessThan(TimeSpan.FromSeconds(150)), "the test's time budget");
    }

    private Task<Identity> Rotate(CancellationToken cancellationToken) =>
        Identities.RotateAsync(Account, CustomerDomain, cancellationToken);

    private Func<CancellationToken, Task<Identity>> NextKeyLength(DkimKeyLength length) => cancellationToken =>
        Identities.SetSigningAttributesAsync(Account, CustomerDomain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, length), cancellationToken);

    /// <summary>Starts the key change, asking again while Relay refuses it because no token's old key may be replaced yet.</summary>
    private static async Task<(Identity Staged, int Refusals)> StartWhenATokenIsFreeAsync(
        Func<CancellationToken, Task<Identity>> start, CancellationToken cancellationToken)
    {
        for (var refusals = 0; ; refusals++)
        {
            try
            {
                return (await start(cancellationToken), refusals);
            }
            catch (IdentityOperationException refused) when (refused.Kind == IdentityErrorKind.Throttled)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    /// <summary>Waits for the background verifier to move signing to the key behind <paramref name="token"/>.</summary>
    private async Task<Identity> WaitForSwitchAsync(string token, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var identity = await Identities.FindAsync(Account, CustomerDomain, cancellationToken);
            if (identity is { StagedDkim: null, SigningKey: { } key } && key.Selector == token)
            {
                return identity;
            }

            if (waited.Elapsed > SwitchLimit)
            {
                Assert.Fail($"The key behind {token} did not sign within {SwitchLimit}; staged: {identity?.StagedDkim}, signing: {identity?.SigningKey?.Selector}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>
    /// What GetEmailIdentity reports while the new key is staged and once it signs, and what the identity holds:
    /// the signing key, the staged token, the switch time, and the token's retirement.
    /// </summary>
    private static IEnumerable<string> CheckStep(
        string name,
        int bits,
        bool? refusedAtFirst,
        int refusals,
        (Identity Identity, ReportedDkimAttributes Reported) before,
        (Identity Identity, ReportedDkimAttributes Reported) staged,
        (Identity Identity, ReportedDkimAttributes Reported) switched,
        string tokens)
    {
        var length = $"RSA_{bits.ToString(CultureInfo.InvariantCulture)}_BIT";
        var stage = staged.Identity.StagedDkim!;
        var signingBefore = before.Identity.SigningKey!.Selector;
        var generated = staged.Identity.LastKeyGeneration!.Value;
        var checks = new Dictionary<string, (object? Actual, object? Expected)>
        {
            ["Tokens while staged"] = (staged.Reported.Tokens, tokens),
            ["Tokens once switched"] = (switched.Reported.Tokens, tokens),
            ["CurrentSigningKeyLength while staged (the key in use)"] = (staged.Reported.CurrentSigningKeyLength, before.Reported.CurrentSigningKeyLength),
            ["NextSigningKeyLength while staged"] = (staged.Reported.NextSigningKeyLength, length),
            ["LastKeyGenerationTimestamp moved on"] = (staged.Reported.LastKeyGenerationTimestamp > before.Reported.LastKeyGenerationTimestamp, true),
            ["CurrentSigningKeyLength once switched"] = (switched.Reported.CurrentSigningKeyLength, length),
            ["NextSigningKeyLength once switched"] = (switched.Reported.NextSigningKeyLength, length),
            ["LastKeyGenerationTimestamp once switched"] = (switched.Reported.LastKeyGenerationTimestamp, staged.Reported.LastKeyGenerationTimestamp),
            ["Status once switched"] = (switched.Reported.Status, "SUCCESS"),
            ["the old key signs while the new one is staged"] = (staged.Identity.SigningKey!.Selector, signingBefore),
            ["a token other than the signing one is staged"] = (stage.Token != signingBefore, true),
            ["the switch waits KeySwitchDelay"] = (stage.SwitchAfter - generated >= KeySwitchDelay, true),
            ["the key made is the one that signs"] = (switched.Identity.SigningKey!.KeyBits, bits),
        };
        if (refusedAtFirst is { } refused)
        {
            checks["refused while no token was free"] = (refusals > 0, refused);
        }

        if (before.Identity.TokenRetirements.FirstOrDefault(retired => retired.Token == stage.Token) is { } replaced)
        {
            checks["the replaced key stopped signing at least RetiredKeyRetention before"] = (generated - replaced.StoppedSigning >= RetiredKeyRetention, true);
        }

        return checks
            .Where(check => !Equals(check.Value.Actual, check.Value.Expected))
            .Select(check => $"{name}: {check.Key}: {check.Value.Actual}, expected {check.Value.Expected}");
    }

    /// <summary>GET /v2/email/identities/customer.test, signed with the account's access key, as an SES v2 client sends it.</summary>
    private async Task<ReportedDkimAttributes> GetEmailIdentityAsync(CancellationToken cancellationToken)
    {
        using var request = SigV4TestSigner.SignedGet(
            _api!, "/v2/email/identities/" + CustomerDomain, _accessKey!.Id, _accessKey.Secret, Region, DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var reply = JsonDocument.Parse(body);
        return ReportedDkimAttributes.From(reply.RootElement);
    }

    private static IEnumerable<string> VerificationFailures(VerifiedArrival arrival)
    {
        var signers = arrival.Signatures.Select(signature => (signature.Domain, signature.Selector)).ToArray();
        var expected = new[] { CustomerDomain, RelayUnderTest.ProviderDomain };
        if (!signers.Select(signer => signer.Domain).SequenceEqual(expected))
        {
            yield return $"message {arrival.Index}: signed by {string.Join(", ", signers)}";
        }

        foreach (var (verifier, verdicts) in new[] { ("python3-dkim", arrival.Python), ("Mail::DKIM", arrival.Perl) })
        {
            if (!verdicts.Select(verdict => (verdict.Domain, verdict.Selector)).SequenceEqual(signers) || !verdicts.All(verdict => verdict.Passed))
            {
                yield return $"message {arrival.Index}, {verifier}: {DkimVerdict.Describe(verdicts)}";
            }
        }
    }
}
