using System.Globalization;
using System.Text;
using Relay.Delivery.Spool;

namespace Relay.SpoolCrashProbe;

/// <summary>
/// The message the probe spools for sequence number n: envelope and bytes both derive from n, which the
/// envelope carries as its account id, so a test can check any recovered message without the probe's help.
/// </summary>
public static class ProbeMessage
{
    public static SpoolEnvelope Envelope(long sequence) => new()
    {
        ReversePath = $"probe-{sequence}@example.test",
        Recipients = [new SpoolRecipient { Address = "sink@example.test" }],
        EightBitMime = true,
        AccountId = sequence.ToString(CultureInfo.InvariantCulture),
    };

    public static long SequenceOf(SpoolEnvelope envelope) =>
        long.Parse(envelope.AccountId!, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A header line and a body of 0 to 30,000 bytes covering every byte value.</summary>
    public static byte[] Content(long sequence)
    {
        var header = Encoding.ASCII.GetBytes($"Subject: probe {sequence}\r\n\r\n");
        var body = new byte[(int)(sequence * 7919 % 30_000)];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)((i * 31) + sequence);
        }

        return [.. header, .. body];
    }
}
