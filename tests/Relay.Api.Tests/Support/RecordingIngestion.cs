using Relay.Core.Ingestion;

namespace Relay.Api.Tests.Support;

/// <summary>
/// Takes messages as the ingestion path would, keeping a copy of each; the verdict is settable. As the ingestion path
/// does, it answers with the id the front door gave the message, when it gave one.
/// </summary>
internal sealed class RecordingIngestion : IMessageIngestion
{
    public List<(InboundMessage Message, byte[] Content)> Received { get; } = [];

    public IngestionResult Verdict { get; set; } = new(IngestionOutcome.Accepted, 250, "2.0.0", "Ok", "0190abcdef");

    public async Task<IngestionResult> IngestAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        Assert.That(message.Content.Position, Is.Zero, "the content must be handed over at position 0");
        await message.Content.CopyToAsync(copy, cancellationToken);
        Received.Add((message, copy.ToArray()));
        return message.MessageId is { } id ? Verdict with { MessageId = id } : Verdict;
    }
}
