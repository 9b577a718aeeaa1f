using System.Text;
using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>Builds forwarders pointed at a sink, and messages to forward.</summary>
internal static class ForwarderKit
{
    public const string Sender = "sender@example.com";

    public static NextHopOptions OptionsFor(SmtpSink sink, NextHopTlsMode tlsMode = NextHopTlsMode.None) => new()
    {
        Host = SmtpSink.Host,
        Port = sink.Port,
        TlsMode = tlsMode,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(20),
        LocalDomain = "relay.test",
    };

    public static SmtpForwarder Forwarder(NextHopOptions options, CapturingLogger<SmtpForwarder>? logger = null) =>
        new(options, logger ?? new CapturingLogger<SmtpForwarder>());

    public static OutboundMessage Message(
        byte[] content,
        string sender = Sender,
        IReadOnlyList<string>? recipients = null,
        bool eightBitMime = false,
        bool smtpUtf8 = false) =>
        new(sender, recipients ?? ["rcpt@example.net"], eightBitMime, smtpUtf8, new MemoryStream(content, writable: false));

    public static OutboundMessage Message(string content, bool eightBitMime = false, bool smtpUtf8 = false) =>
        Message(Encoding.UTF8.GetBytes(content), eightBitMime: eightBitMime, smtpUtf8: smtpUtf8);

    public static async Task<ForwardResult> ForwardAsync(SmtpSink sink, OutboundMessage message, NextHopOptions? options = null)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Forwarder(options ?? OptionsFor(sink)).ForwardAsync(message, cancellation.Token);
    }
}
