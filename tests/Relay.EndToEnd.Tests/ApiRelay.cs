using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Dkim;
using Relay.Http;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A real Relay host with its SES API on a loopback port, a sink as next hop, and two accounts (shop, other), each
/// with an access key made as <c>relay access-key create</c> makes it.
/// </summary>
internal sealed class ApiRelay : IAsyncDisposable
{
    public const string Region = "eu-west-1";

    private ApiRelay(RelayUnderTest relay, AccessKey shop, AccessKey other)
    {
        Relay = relay;
        ShopKey = shop;
        OtherKey = other;
        var bound = relay.Services.GetRequiredService<ApiListenerService>().BoundEndPoints.Single();
        Endpoint = new Uri($"http://{bound.Address}:{bound.Port.ToString(CultureInfo.InvariantCulture)}");
    }

    public RelayUnderTest Relay { get; }

    public AccessKey ShopKey { get; }

    public AccessKey OtherKey { get; }

    public Uri Endpoint { get; }

    public IIdentityManagement Identities => Relay.Services.GetRequiredService<IIdentityManagement>();

    public static async Task<ApiRelay> StartAsync(IDictionary<string, string?>? settings = null, SmtpSinkOptions? sinkOptions = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Relay:Api:Endpoint"] = "127.0.0.1:0",
            ["Relay:Api:Region"] = Region,
            // Identity checks must not reach the Internet: a resolver port where nothing listens fails them at once.
            ["Relay:DnsChecks:Resolver"] = $"127.0.0.1:{LoopbackPorts.FindFree().ToString(CultureInfo.InvariantCulture)}",
            ["Relay:DnsChecks:Timeout"] = "00:00:01",
            ["Relay:DnsChecks:Retries"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var sink = SmtpSink.Start(sinkOptions);
        RelayUnderTest relay;
        try
        {
            relay = await RelayUnderTest.StartAsync(sink.Port, values);
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }

        relay.AttachSink(sink);
        try
        {
            await relay.AddAccountAsync("shop", "shop password");
            await relay.AddAccountAsync("other", "other password");
            var keys = relay.Services.GetRequiredService<IAccessKeyStore>();
            var now = DateTimeOffset.UtcNow;
            var shop = AccessKeyGenerator.Create("shop", now);
            var other = AccessKeyGenerator.Create("other", now);
            await keys.AddAsync(shop, CancellationToken.None);
            await keys.AddAsync(other, CancellationToken.None);
            return new ApiRelay(relay, shop, other);
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public AwsCli Cli(string path) => new(path, Endpoint, ShopKey.Id, ShopKey.Secret, Region);

    /// <summary>
    /// Stands in for DNS: marks the domain's DKIM (and so the domain) SUCCESS in the store, as the lifecycle would once
    /// it found the CNAMEs, and returns the TXT records of its keys and the provider's for the verifiers.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> MarkDkimSuccessAsync(string account, string domain)
    {
        var identity = await Identities.FindAsync(account, domain, CancellationToken.None)
            ?? throw new InvalidOperationException($"{domain} is not an identity of {account}");
        var verified = identity with
        {
            DkimStatus = VerificationStatus.Success,
            PendingDkim = null,
            DkimCheck = DnsCheckState.Idle,
            VerificationCheck = DnsCheckState.Idle,
        };
        await Relay.Store.SaveIdentityAsync(verified, CancellationToken.None);
        var records = new Dictionary<string, string>(Relay.TxtRecords, StringComparer.OrdinalIgnoreCase);
        foreach (var key in verified.DkimKeys)
        {
            records[DkimVerifiers.RecordName(key.Selector, domain)] = DkimPrivateKey.FromPem(key.PrivateKeyPem).ToDnsTxtRecord();
        }

        return records;
    }

    /// <summary>The messages the next hop accepted, waiting (bounded) for <paramref name="count"/> of them: delivery may be queued.</summary>
    public async Task<IReadOnlyList<SmtpSinkTransaction>> DeliveredAsync(int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Relay.Sink.Delivered.Count < count && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        return Relay.Sink.Delivered;
    }

    public ValueTask DisposeAsync() => Relay.DisposeAsync();
}
