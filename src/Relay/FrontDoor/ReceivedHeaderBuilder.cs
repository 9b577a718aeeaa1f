using System.Globalization;
using MimeKit.Utils;
using Relay.Configuration;
using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>
/// Builds the Received trace field for a message accepted over SMTP (RFC 5321 4.4), with the protocol named as
/// RFC 3848 does: ESMTP, ESMTPA (authenticated), ESMTPS (TLS), ESMTPSA (both).
/// </summary>
internal sealed class ReceivedHeaderBuilder(TraceSettings settings, SmtpServerOptions smtp, TimeProvider timeProvider)
{
    /// <summary>The field names the message's own id (the one in the 250 reply and the spool), not the session's.</summary>
    public string? Build(SmtpSessionContext session, SmtpEnvelope envelope, string messageId)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(envelope);
        if (!settings.AddReceivedHeader)
        {
            return null;
        }

        var protocol = "ESMTP" + (session.IsSecure ? "S" : string.Empty) + (session.AuthenticatedPrincipal is null ? string.Empty : "A");
        if (envelope.SmtpUtf8)
        {
            protocol = "UTF8" + protocol;
        }

        var helo = SanitizeComment(session.ClientHostName ?? "unknown");
        var from = settings.IncludeClientAddress
            ? $"{helo} ([{session.RemoteEndPoint.Address}])"
            : helo;
        var date = DateUtils.FormatDate(timeProvider.GetUtcNow());
        return string.Create(CultureInfo.InvariantCulture,
            $"Received: from {from}\r\n\tby {smtp.ServerName} (Relay) with {protocol} id {messageId};\r\n\t{date}\r\n");
    }

    /// <summary>The EHLO name is the client's word: keep only characters that cannot break the field.</summary>
    private static string SanitizeComment(string value) =>
        new(value.Where(c => c is > ' ' and < (char)127 and not '(' and not ')' and not '\\').Take(255).ToArray());
}
