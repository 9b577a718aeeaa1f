using System.Globalization;
using Relay.Api.Errors;
using Relay.Core.Ingestion;

namespace Relay.Api.Sending;

/// <summary>
/// The API's front door onto the one ingestion path: the same identity check, signing and forwarding as SMTP DATA.
/// An unverified identity or a message holding a NUL octet comes back as MessageRejected; a temporary failure of the
/// next hop as ServiceUnavailable; a send over the account's sending quota as Throttling.
/// </summary>
/// <remarks>
/// <c>reversePath</c> is the envelope sender, checked like the From (SenderIdentityCheck): v1 SendEmail's ReturnPath
/// or else its Source, SendRawEmail's Source or else the message's Return-Path or From, v2 SendEmail's
/// FromEmailAddress or else the raw message's. The rejection text is the ingestion path's, region included, without
/// its "Message rejected: " prefix, as SES words MessageRejected.
/// </remarks>
internal sealed class ApiMessageSender(IMessageIngestion ingestion, SesApiOptions options)
{
    public const string FrontDoor = "api";
    public const int MaxRecipients = 50;
    private const string RejectedPrefix = "Message rejected: ";

    /// <returns>The message id, the same one SMTP gives after 250.</returns>
    public async Task<string> SendAsync(string accountId, string reversePath, IReadOnlyList<string> recipients, byte[] wire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wire);
        await using var content = new MemoryStream(wire, writable: false);
        var eightBit = wire.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        return await SendAsync(accountId, reversePath, recipients, content, eightBit, cancellationToken);
    }

    /// <summary>The same for a message in a stream (a temporary file for a large SendRawEmail), at position 0.</summary>
    public async Task<string> SendAsync(
        string accountId, string reversePath, IReadOnlyList<string> recipients, Stream wire, bool eightBit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(wire);
        if (recipients.Count == 0)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("The message must have at least one recipient."));
        }

        if (recipients.Count > MaxRecipients)
        {
            throw new ApiException(SesErrors.InvalidParameterValue(string.Create(CultureInfo.InvariantCulture, $"Recipient count exceeds {MaxRecipients}.")));
        }

        if (wire.Length > options.MaxMessageSize)
        {
            throw new ApiException(SesErrors.InvalidParameterValue(string.Create(CultureInfo.InvariantCulture,
                $"Message length is more than {options.MaxMessageSize} bytes.")));
        }

        // As over SMTP: a next hop that drops NUL would read CRLF NUL "." CRLF as the end of data.
        if (await HoldsNulAsync(wire, cancellationToken))
        {
            throw new ApiException(SesErrors.MessageRejected("The message contains a NUL octet, which is not allowed in mail content."));
        }

        var envelopeAddresses = recipients.Append(reversePath);
        var message = new InboundMessage(
            accountId,
            reversePath,
            recipients,
            EightBitMime: eightBit,
            SmtpUtf8: envelopeAddresses.Any(address => !System.Text.Ascii.IsValid(address)),
            wire,
            FrontDoor);
        var result = await ingestion.IngestAsync(message, cancellationToken);
        return result.Outcome switch
        {
            IngestionOutcome.Accepted => result.MessageId,
            IngestionOutcome.TemporaryFailure when result.ExceededLimit is { } limit => throw new ApiException(SesErrors.SendingQuotaExceeded(limit)),
            IngestionOutcome.PermanentFailure => throw new ApiException(SesErrors.MessageRejected(
                result.Text.StartsWith(RejectedPrefix, StringComparison.Ordinal) ? result.Text[RejectedPrefix.Length..] : result.Text)),
            _ => throw new ApiException(SesErrors.ServiceUnavailable(result.Text)),
        };
    }

    /// <summary>Reads the content once with a small buffer (it may be a large temporary file) and rewinds it.</summary>
    private static async Task<bool> HoldsNulAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (buffer.AsSpan(0, read).Contains((byte)0))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
