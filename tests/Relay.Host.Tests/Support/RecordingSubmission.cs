using Relay.Core.Ingestion;

namespace Relay.Host.Tests.Support;

/// <summary>Keeps every system message instead of sending it; answers with <see cref="Result"/> or throws <see cref="Failure"/>.</summary>
internal sealed class RecordingSubmission : ISystemMessageSubmission
{
    public List<SubmittedMessage> Messages { get; } = [];

    public IngestionResult Result { get; set; } = new(IngestionOutcome.Accepted, 250, "2.0.0", "OK", "id-1");

    public Exception? Failure { get; set; }

    public async Task<IngestionResult> SubmitAsync(string reversePath, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Messages.Add(new SubmittedMessage(reversePath, recipients.ToArray(), copy.ToArray()));
        return Failure is null ? Result : throw Failure;
    }
}
