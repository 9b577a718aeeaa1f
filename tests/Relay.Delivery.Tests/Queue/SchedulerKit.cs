using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Delivery.Bounces;
using Relay.Delivery.Events;
using Relay.Delivery.Metrics;
using Relay.Delivery.Queue;
using Relay.Delivery.Routing;
using Relay.Delivery.Spool;
using Relay.Delivery.Suppression;
using Relay.Delivery.Tests.Spool;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>A scheduler on a fake clock with a real spool, the real MailKit transport and a sink as its smarthost.</summary>
internal sealed class SchedulerKit : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly SpoolFolder? _folder;
    private readonly SmtpDeliveryTransport _transport;

    /// <summary>A kit with a fresh spool folder, or on <paramref name="spoolPath"/> (left in place) as a restarted process would be.</summary>
    public SchedulerKit(
        SmtpSink sink, QueueOptions? options = null, IDeliveryRouter? router = null, string? spoolPath = null, IRecipientSuppression? suppression = null,
        IDeliveryEventSink? events = null)
    {
        _folder = spoolPath is null ? new SpoolFolder() : null;
        SpoolPath = spoolPath ?? _folder!.Path;
        Sink = sink;
        Options = options ?? new QueueOptions();
        Spool = new FileMessageSpool(SpoolPath, Time, NullLogger<FileMessageSpool>.Instance);
        _transport = new SmtpDeliveryTransport(Options, Time, NullLogger<SmtpDeliveryTransport>.Instance);
        Commands = new SpoolCommandInbox(SpoolPath);
        var parts = new DeliverySchedulerParts(
            Spool, router ?? new SmarthostRouter(ForwarderKit.OptionsFor(sink)), _transport,
            new DsnBuilder(new BounceOptions("relay.test", "MAILER-DAEMON@relay-provider.test")), Bounces, Counters, Commands, suppression, events);
        Scheduler = new DeliveryScheduler(parts, Options, new RetrySchedule(Options, new Random(5)), Time, Logger);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public SmtpSink Sink { get; }

    public QueueOptions Options { get; }

    public FileMessageSpool Spool { get; }

    public SpoolCommandInbox Commands { get; }

    public string SpoolPath { get; }

    public CapturingBounceSubmitter Bounces { get; } = new();

    public DeliveryCounters Counters { get; } = new();

    public CapturingLogger<DeliveryScheduler> Logger { get; } = new();

    public DeliveryScheduler Scheduler { get; }

    public static byte[] Content(string subject) => Encoding.ASCII.GetBytes(
        $"DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; b=abc\r\nFrom: news@example.com\r\nTo: a@dest.test\r\nSubject: {subject}\r\n\r\nHello\r\n");

    public async Task<string> EnqueueAsync(byte[] content, string sender = "news@example.com", params string[] recipients)
    {
        var message = new QueuedMessage(sender, recipients.Length == 0 ? ["a@dest.test"] : recipients, false, false, "shop");
        var spooled = await Scheduler.EnqueueAsync(message, new MemoryStream(content), CancellationToken.None);
        return spooled.Envelope.Id;
    }

    public SpoolEnvelope Queued(string id) => Scheduler.Snapshot().Single(envelope => envelope.Id == id);

    public async ValueTask DisposeAsync()
    {
        Scheduler.Dispose();
        await _transport.DisposeAsync();
        _folder?.Dispose();
    }
}
