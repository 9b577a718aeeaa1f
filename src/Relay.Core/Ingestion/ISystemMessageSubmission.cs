namespace Relay.Core.Ingestion;

/// <summary>
/// Relay's own messages (confirmation links, identity notices, delivery status notifications): no account and no
/// identity check; they carry the provider signature only and go out the same way as every other message.
/// </summary>
public interface ISystemMessageSubmission
{
    /// <param name="reversePath">MAIL FROM; empty for the null sender, which DSNs use.</param>
    /// <param name="recipients">RCPT TO addresses.</param>
    /// <param name="content">The whole message with CRLF line ends, 7-bit, seekable, at position 0.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    Task<IngestionResult> SubmitAsync(string reversePath, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken);
}
