using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Ingestion;
using Relay.Delivery.Bounces;

namespace Relay.Queueing;

/// <summary>
/// Sends delivery status notifications through Relay's own ingestion path for system messages: the provider
/// signature, the null sender (so a notification is never itself bounced), then the queue like any message.
/// </summary>
/// <remarks>
/// Ingestion dispatches into the queue, which needs this submitter: the submission is looked up on first use to
/// break that cycle.
/// </remarks>
internal sealed class SystemBounceSubmitter(IServiceProvider services) : IBounceSubmitter
{
    public async Task SubmitAsync(BounceMessage bounce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bounce);
        var submission = services.GetRequiredService<ISystemMessageSubmission>();
        using var content = new MemoryStream(bounce.Content, writable: false);
        var result = await submission.SubmitAsync(string.Empty, [bounce.Recipient], content, cancellationToken);
        if (result.Outcome != IngestionOutcome.Accepted)
        {
            // The pass fails and is retried later, notification included.
            throw new IOException($"The delivery status notification for {bounce.OriginalSpoolId} was not queued: {result.ReplyCode} {result.Text}");
        }
    }
}
