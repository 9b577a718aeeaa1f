using Relay.Core.Ingestion;
using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>SMTP's front door onto the one ingestion path.</summary>
internal sealed class SmtpIngestionHandler(
    SessionAccounts accounts, IMessageIngestion ingestion, ReceivedHeaderBuilder received, MessageIds ids) : ISmtpMessageHandler
{
    public async ValueTask<SmtpReply> HandleMessageAsync(
        SmtpSessionContext session, SmtpEnvelope envelope, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var account = accounts.AccountFor(session);
        if (account is null)
        {
            return SmtpReply.AuthenticationRequired;
        }

        var messageId = ids.Next();
        var message = new InboundMessage(account, envelope.ReversePath, envelope.Recipients,
            envelope.BodyType == SmtpBodyType.EightBitMime, envelope.SmtpUtf8, content, "smtp")
        {
            TraceField = received.Build(session, envelope, messageId),
            MessageId = messageId,
        };
        var result = await ingestion.IngestAsync(message, cancellationToken);
        return result.Outcome == IngestionOutcome.Accepted
            ? new SmtpReply(250, "2.0.0", $"Ok {result.MessageId}")
            : new SmtpReply(result.ReplyCode, result.EnhancedStatusCode, result.Text);
    }
}
