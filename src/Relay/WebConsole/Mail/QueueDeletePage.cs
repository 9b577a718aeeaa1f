using System.Text;
using Relay.Delivery.Spool;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>The step before a deletion: what would be deleted, and one button that does it.</summary>
internal static class QueueDeletePage
{
    public static string Render(SpoolEnvelope envelope, string accountName, ConsoleSession session)
    {
        var body = new StringBuilder()
            .Append("<p>Delete this message from the queue? Its recipients that are still pending will never get it, and no bounce is sent.</p>\n<dl>\n")
            .Append("<dt>Id</dt><dd><code>").Append(envelope.Id).Append("</code></dd>\n")
            .Append("<dt>Account</dt><dd>").Append(Html.Encode(accountName)).Append("</dd>\n")
            .Append("<dt>From</dt><dd>").Append(Html.Encode(envelope.ReversePath)).Append("</dd>\n")
            .Append("<dt>Recipients</dt><dd>").Append(Html.Encode(string.Join(", ", envelope.Recipients.Select(recipient => recipient.Address)))).Append("</dd>\n")
            .Append("<dt>Queued</dt><dd>").Append(MailPageParts.Time(envelope.CreatedAt)).Append("</dd>\n</dl>\n")
            .Append("<form method=\"post\" action=\"").Append(ConsoleMailRoutes.QueueDelete).Append("\">").Append(Html.CsrfField(session.CsrfToken))
            .Append("<input type=\"hidden\" name=\"").Append(ConsoleMailRoutes.IdField).Append("\" value=\"").Append(envelope.Id).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(ConsoleMailRoutes.ConfirmField).Append("\" value=\"yes\">")
            .Append("<button type=\"submit\">Delete the message</button> <a href=\"").Append(ConsoleMailRoutes.Queue).Append("\">Keep it</a></form>\n");
        return ConsoleLayout.Render("Delete a queued message", body.ToString(), session);
    }
}
