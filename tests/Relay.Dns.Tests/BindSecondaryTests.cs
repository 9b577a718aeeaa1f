using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>
/// BIND 9 from Debian as a real secondary of Relay's key zone on loopback: it transfers the zone with the TSIG key,
/// serves the DKIM records with Relay's serial, and picks up a change within seconds because Relay sends NOTIFY
/// (its SOA refresh is an hour, so nothing else could explain it).
/// </summary>
[NonParallelizable]
public sealed class BindSecondaryTests
{
    private const string Zone = "dkim.relay.example.net";
    private const string KeyName = "relay-xfr";
    private const string FirstToken = "aaaabbbbccccddddeeeeffffgggghhhh";
    private const string NewToken = "qqqqrrrrssssttttuuuuvvvvwwwwxxxx";
    private static readonly TimeSpan TransferLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan NotifyLimit = TimeSpan.FromSeconds(8);

    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Test]
    [CancelAfter(60_000)]
    public async Task BIND_follows_the_key_zone_and_picks_up_a_new_record_through_NOTIFY(CancellationToken cancellationToken)
    {
        var records = new InMemoryDkimKeyRecordSource(ZoneSerial.ForDate(DateTimeOffset.UtcNow));
        records.Set(FirstToken, TestKeys.Txt2048);
        var bindPort = LoopbackPorts.FindFree();
        var options = Options(new SecondaryServer(IPAddress.Loopback, bindPort));
        var logs = new RecordingLoggerFactory();
        await using var server = new DkimZoneServer(options, records, logs, TimeProvider.System);
        await server.StartAsync(cancellationToken);
        await using var secondary = await BindSecondary.StartAsync(bindPort, Zone, server.TcpEndPoint!, KeyName, _secret, cancellationToken);
        await using var notifier = new ZoneChangeNotifier(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await notifier.StartAsync(cancellationToken);

        var serial = await records.SerialAsync(cancellationToken);
        Assert.That(await secondary.WaitForSerialAsync(Zone, serial, TransferLimit, cancellationToken), Is.True, secondary.Log);
        var first = await Dig.QueryAsync(Port(secondary), $"{FirstToken}.{Zone}", "TXT");
        Assert.That(string.Concat(DigAnswer.TxtStrings(first.Answer.Single()[5])), Is.EqualTo(TestKeys.Txt2048), first.Output);

        records.Set(NewToken, TestKeys.Txt4096);
        var changed = await records.SerialAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var followed = await secondary.WaitForSerialAsync(Zone, changed, NotifyLimit, cancellationToken);
        clock.Stop();

        Assert.That(followed, Is.True, $"BIND did not serve serial {changed} within {NotifyLimit}.\n{secondary.Log}");
        var added = await Dig.QueryAsync(Port(secondary), $"{NewToken}.{Zone}", "TXT", "+tcp");
        Assert.Multiple(() =>
        {
            Assert.That(string.Concat(DigAnswer.TxtStrings(added.Answer.Single()[5])), Is.EqualTo(TestKeys.Txt4096), added.Output);
            Assert.That(added.Flags, Does.Contain("aa"), "BIND answers with authority as a secondary");
            Assert.That(secondary.Log, Does.Contain("notify from 127.0.0.1"), "the change came by NOTIFY");
        });
        var sent = logs.Events.Where(logged => logged.Id == 9141).Select(logged => logged.Text).ToList();
        Assert.That(sent, Has.Some.StartWith($"Sent IXFR of {Zone} serial {changed}"),
            "BIND asks for IXFR once it holds the zone; it gets the whole zone (RFC 1995 4) and loads it");
        TestContext.Out.WriteLine($"BIND served serial {changed} {clock.ElapsedMilliseconds} ms after the change.");
    }

    private DkimZoneOptions Options(SecondaryServer secondary)
    {
        var options = new DkimZoneOptions
        {
            Zone = Zone,
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Tsig = new TsigKey(KeyName, Convert.FromBase64String(_secret)),
            SerialCheckInterval = TimeSpan.FromMilliseconds(200),
            NotifyTimeout = TimeSpan.FromSeconds(1),
        };
        options.NameServerAddresses.Add(IPAddress.Loopback);
        options.Secondaries.Add(secondary);
        return options;
    }

    private static string Port(BindSecondary secondary) => secondary.EndPoint.Port.ToString(CultureInfo.InvariantCulture);
}
