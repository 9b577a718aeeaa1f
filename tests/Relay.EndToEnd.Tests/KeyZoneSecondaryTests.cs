using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Identities.Lifecycle;
using Relay.Dns;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The whole Relay host with BIND 9 (Debian) as a secondary of its key zone, configured as an operator would
/// (Relay:KeyZone:Secondaries and Relay:KeyZone:Tsig): BIND transfers the zone with the TSIG key and serves the
/// provider's DKIM record at Relay's serial; a new Easy DKIM identity made through the identity services reaches
/// BIND within seconds by NOTIFY (BIND would otherwise wait for the SOA refresh, an hour).
/// </summary>
[NonParallelizable]
public sealed class KeyZoneSecondaryTests
{
    private const string Account = "acme";
    private const string KeyName = "relay-xfr";
    private static readonly string KeyZone = "dkim." + RelayUnderTest.ProviderDomain;
    private static readonly TimeSpan TransferLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan NotifyLimit = TimeSpan.FromSeconds(8);

    [Test]
    [CancelAfter(120_000)]
    public async Task BIND_serves_the_key_zone_and_a_new_identity_s_keys_arrive_by_NOTIFY(CancellationToken cancellationToken)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var keyZonePort = LoopbackPorts.FindFree();
        var bindPort = LoopbackPorts.FindFree();
        await using var sink = SmtpSink.Start();
        await using var relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
        {
            ["Relay:KeyZone:Listen"] = $"127.0.0.1:{Text(keyZonePort)}",
            ["Relay:KeyZone:NameServerAddresses:0"] = "127.0.0.1",
            ["Relay:KeyZone:Secondaries:0:Address"] = "127.0.0.1",
            ["Relay:KeyZone:Secondaries:0:NotifyPort"] = Text(bindPort),
            ["Relay:KeyZone:Tsig:KeyName"] = KeyName,
            ["Relay:KeyZone:Tsig:Secret"] = secret,
            ["Relay:KeyZone:SerialCheckInterval"] = "00:00:00.200",
            ["Relay:KeyZone:NotifyTimeout"] = "00:00:01",
        });
        await relay.AddAccountAsync(Account, "secondary password");
        await using var secondary = await BindSecondary.StartAsync(
            bindPort, KeyZone, new IPEndPoint(IPAddress.Loopback, keyZonePort), KeyName, secret, cancellationToken);
        var records = relay.Services.GetRequiredService<IDkimKeyRecordSource>();

        var serial = await records.SerialAsync(cancellationToken);
        Assert.That(await secondary.WaitForSerialAsync(KeyZone, serial, TransferLimit, cancellationToken), Is.True, secondary.Log);
        var providerName = $"{RelayUnderTest.ProviderSelector}.{KeyZone}";
        Assert.That(await TxtAsync(secondary.EndPoint, providerName),
            Is.EqualTo(relay.TxtRecords[$"{RelayUnderTest.ProviderSelector}._domainkey.{RelayUnderTest.ProviderDomain}"]));

        var tokens = await relay.Services.GetRequiredService<IIdentityManagement>()
            .VerifyDomainDkimAsync(Account, "customer.test", cancellationToken);
        var changed = await records.SerialAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var followed = await secondary.WaitForSerialAsync(KeyZone, changed, NotifyLimit, cancellationToken);
        clock.Stop();

        Assert.That(changed, Is.Not.EqualTo(serial), "a new identity publishes three keys");
        Assert.That(followed, Is.True, $"BIND did not serve serial {changed} within {NotifyLimit}.\n{secondary.Log}");
        foreach (var token in tokens)
        {
            var fromRelay = await TxtAsync(new IPEndPoint(IPAddress.Loopback, keyZonePort), $"{token}.{KeyZone}");
            Assert.That(fromRelay, Does.StartWith("v=DKIM1; k=rsa; p="));
            Assert.That(await TxtAsync(secondary.EndPoint, $"{token}.{KeyZone}"), Is.EqualTo(fromRelay), token);
        }

        TestContext.Out.WriteLine($"BIND served serial {changed} {clock.ElapsedMilliseconds} ms after the identity was made.");
    }

    /// <summary>The TXT value at <paramref name="name"/> as <paramref name="server"/> serves it, its strings joined.</summary>
    private static async Task<string> TxtAsync(IPEndPoint server, string name)
    {
        var dig = ExternalTool.Require("/usr/bin/dig", "dnsutils");
        var result = await ExternalTool.RunAsync(
            dig,
            ["@" + server.Address, "-p", Text(server.Port), "+norecurse", "+short", "+tcp", "+time=3", "+tries=2", name, "TXT"],
            stdin: null,
            TimeSpan.FromSeconds(30));
        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        return string.Concat(result.StandardOutput.Trim().Split('"', StringSplitOptions.RemoveEmptyEntries).Where(part => part.Trim().Length > 0));
    }

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}
