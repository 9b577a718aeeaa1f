using Microsoft.Extensions.Time.Testing;
using Relay.Dkim;

namespace Relay.Dkim.Tests;

/// <summary>Signs byte arrays through the real streaming API, at a fixed fake time.</summary>
internal static class TestSigning
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<byte[]> SignAsync(byte[] message, params DkimSignatureRequest[] requests)
    {
        var signer = new DkimMessageSigner(new FakeTimeProvider(Now));
        using var source = new MemoryStream(message, writable: false);
        using var destination = new MemoryStream();
        await signer.SignAsync(source, requests, destination, CancellationToken.None);
        return destination.ToArray();
    }
}
