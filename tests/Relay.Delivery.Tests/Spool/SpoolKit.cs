using System.Text;
using Microsoft.Extensions.Time.Testing;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

/// <summary>Builders shared by the spool tests.</summary>
internal static class SpoolKit
{
    public static FileMessageSpool Open(
        SpoolFolder folder, TimeProvider? time = null, CapturingLogger<FileMessageSpool>? logger = null, IDirectorySync? sync = null) =>
        new(folder.Path, time ?? new FakeTimeProvider(), logger ?? new CapturingLogger<FileMessageSpool>(), sync ?? new PosixDirectorySync());

    public static SpoolEnvelope Envelope(params string[] recipients) => new()
    {
        ReversePath = "sender@example.test",
        Recipients = [.. (recipients.Length == 0 ? ["one@example.test"] : recipients)
            .Select(address => new SpoolRecipient { Address = address })],
        EightBitMime = true,
        SmtpUtf8 = false,
        AccountId = "account-7",
    };

    /// <summary>Bytes a careless store would change: every byte value, bare LF, bare CR, CRLF, UTF-8, no final newline.</summary>
    public static byte[] AwkwardContent()
    {
        var text = Encoding.UTF8.GetBytes("DKIM-Signature: v=1; a=rsa-sha256\r\nSubject: caf\u00e9\r\n\r\nbare\nlf\rcr\r\n.\r\n");
        return [.. text, .. Enumerable.Range(0, 256).Select(value => (byte)value)];
    }

    public static async Task<SpooledMessage> AddAsync(IMessageSpool spool, SpoolEnvelope envelope, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await spool.AddAsync(envelope, stream, CancellationToken.None);
    }

    public static async Task<byte[]> ReadContentAsync(IMessageSpool spool, string id)
    {
        await using var stream = await spool.OpenContentAsync(id, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static async Task<List<SpoolEnvelope>> RecoverAsync(IMessageSpool spool)
    {
        var envelopes = new List<SpoolEnvelope>();
        await foreach (var envelope in spool.RecoverAsync(CancellationToken.None))
        {
            envelopes.Add(envelope);
        }

        return envelopes;
    }

    /// <summary>Compares every stored member through the on-disk encoding.</summary>
    public static string Canonical(SpoolEnvelope envelope) => Encoding.UTF8.GetString(SpoolEnvelopeCodec.Encode(envelope));
}
