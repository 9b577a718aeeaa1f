using System.Buffers;
using System.Text;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Tests.Protocol;

public sealed class SmtpTransportTests
{
    [Test]
    public async Task A_cancellation_left_over_from_an_earlier_flush_does_not_lose_replies()
    {
        using var wire = new MemoryStream();
        await using var transport = new SmtpTransport(wire, socket: null);
        transport.Output.Write("250 2.0.0 OK\r\n"u8);

        // The same internal state a timeout leaves when it fires just as a flush completes.
        transport.Output.CancelPendingFlush();
        await transport.FlushAsync(CancellationToken.None);

        Assert.That(Encoding.ASCII.GetString(wire.ToArray()), Is.EqualTo("250 2.0.0 OK\r\n"));
    }
}
