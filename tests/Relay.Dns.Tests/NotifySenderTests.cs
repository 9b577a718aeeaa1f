using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns.Tests;

/// <summary>
/// NOTIFY to one secondary (RFC 1996): a signed opcode-4 SOA question, sent again after each timeout until a signed
/// answer comes, at most NotifyAttempts times. The secondary here is a UDP socket on loopback that answers as told.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class NotifySenderTests
{
    private const string Zone = "dkim.relay.example.net";
    private static readonly TsigKey Key = new("relay-xfr", "0123456789abcdef0123456789abcdef"u8.ToArray());

    [Test]
    [CancelAfter(20_000)]
    public async Task A_NOTIFY_is_sent_again_until_the_secondary_answers(CancellationToken cancellationToken)
    {
        using var secondary = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var requests = new List<byte[]>();
        var answering = AnswerAsync(secondary, requests, ignoreFirst: 2, sign: true, cancellationToken);

        var answered = await Sender(attempts: 5).NotifyAsync(Target(secondary), Zone, 7, cancellationToken);
        await answering;

        var verifier = new TsigVerifier(Key, TimeSpan.FromSeconds(300), TimeProvider.System);
        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.True);
            Assert.That(requests, Has.Count.EqualTo(3));
            Assert.That(requests.Select(request => (request[2] >> 3) & 0x0F), Is.All.EqualTo(4), "opcode NOTIFY");
            Assert.That(requests.Select(request => DnsWire.NameText(request, DnsWire.HeaderLength)), Is.All.EqualTo(Zone + "."));
            Assert.That(requests.Select(request => verifier.Verify(request, []).Outcome), Is.All.EqualTo(TsigOutcome.Valid));
            Assert.That(requests.Select(DnsWireId).Distinct().Count(), Is.EqualTo(3), "a fresh id for each attempt");
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task After_the_last_attempt_the_sender_gives_up_and_an_unsigned_answer_does_not_count(CancellationToken cancellationToken)
    {
        using var secondary = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var requests = new List<byte[]>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answering = AnswerAsync(secondary, requests, ignoreFirst: 0, sign: false, stop.Token);

        var answered = await Sender(attempts: 3).NotifyAsync(Target(secondary), Zone, 7, cancellationToken);
        await stop.CancelAsync();
        await answering;

        Assert.Multiple(() =>
        {
            Assert.That(answered, Is.False);
            Assert.That(requests, Has.Count.EqualTo(3));
        });
    }

    private static NotifySender Sender(int attempts) =>
        new(Key, new DkimZoneOptions { Zone = Zone, NotifyAttempts = attempts, NotifyTimeout = TimeSpan.FromMilliseconds(300) }, TimeProvider.System, NullLogger.Instance);

    private static SecondaryServer Target(UdpClient secondary) => new(IPAddress.Loopback, ((IPEndPoint)secondary.Client.LocalEndPoint!).Port);

    private static ushort DnsWireId(byte[] message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    /// <summary>Receives NOTIFYs; drops the first <paramref name="ignoreFirst"/>, answers the next (signed or not) and, when signed, stops.</summary>
    private static async Task AnswerAsync(UdpClient secondary, List<byte[]> requests, int ignoreFirst, bool sign, CancellationToken cancellationToken)
    {
        var verifier = new TsigVerifier(Key, TimeSpan.FromSeconds(300), TimeProvider.System);
        var signer = new TsigSigner(Key, TimeSpan.FromSeconds(300), TimeProvider.System);
        try
        {
            while (true)
            {
                var received = await secondary.ReceiveAsync(cancellationToken);
                requests.Add(received.Buffer);
                if (requests.Count <= ignoreFirst)
                {
                    continue;
                }

                var request = verifier.Verify(received.Buffer, []);
                var answer = request.Unsigned.ToArray();
                answer[2] |= 0x80;
                var reply = sign ? signer.Sign(answer, request.Record!.Mac).Message : answer;
                await secondary.SendAsync(reply, received.RemoteEndPoint, cancellationToken);
                if (sign)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
