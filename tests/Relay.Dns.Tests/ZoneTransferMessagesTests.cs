using System.Net;
using Microsoft.Extensions.Time.Testing;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns.Tests;

/// <summary>How a zone is packed into AXFR messages: none over the size limit, the question in the first only, each signed.</summary>
public sealed class ZoneTransferMessagesTests
{
    private const string Zone = "dkim.relay.example.net";
    private static readonly TsigKey Key = new("relay-xfr", "0123456789abcdef0123456789abcdef"u8.ToArray());

    [Test]
    public async Task Every_message_fits_the_limit_and_only_the_first_repeats_the_question()
    {
        var records = new InMemoryDkimKeyRecordSource(5);
        for (var i = 0; i < 30; i++)
        {
            records.Set($"token{i:D2}", TestKeys.Txt4096);
        }

        var options = new DkimZoneOptions { Zone = Zone };
        options.NameServerAddresses.Add(IPAddress.Loopback);
        var snapshot = await ZoneSnapshot.ReadAsync(DkimZone.From(options), records, CancellationToken.None);
        var signer = new TsigSigner(Key, TimeSpan.FromSeconds(300), new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_796_346_181)));
        var request = WireQuery.Build(9, Zone, 252);

        var messages = new ZoneTransferMessages(signer, 4096).Build(request, new byte[32], snapshot.Records).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Records, Has.Count.EqualTo(34), "SOA, NS, A, 30 TXT, SOA");
            Assert.That(messages, Has.Count.GreaterThan(5));
            Assert.That(messages.Select(message => message.Length), Has.All.LessThanOrEqualTo(4096));
            Assert.That(messages.Select(message => (int)DnsWire.QuestionCount(message)), Is.EqualTo(new[] { 1 }.Concat(Enumerable.Repeat(0, messages.Count - 1))));
            Assert.That(messages.Sum(message => (int)RecordSections.AnswerCount(message)), Is.EqualTo(34));
            Assert.That(messages.Select(message => TsigRecord.TryRead(message, out var record, out _) && record!.Mac.Length == 32), Is.All.True);
            Assert.That(messages.Select(message => DnsWire.Id(message)), Is.All.EqualTo(9));
        });
    }
}
