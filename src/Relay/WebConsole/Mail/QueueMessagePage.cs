using System.Globalization;
using System.Text;
using Relay.Delivery.Spool;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>One queued message, as <c>relay queue show</c> gives it: its envelope, each recipient's state and last reply, and every attempt.</summary>
internal static class QueueMessagePage
{
    public static string Render(SpoolEnvelope envelope, string accountName, long? size, DateTimeOffset now, ConsoleSession session)
    {
        var flags = (envelope.EightBitMime ? ", 8BITMIME" : string.Empty) + (envelope.SmtpUtf8 ? ", SMTPUTF8" : string.Empty);
        var body = new StringBuilder("<dl>\n")
            .Append("<dt>Id</dt><dd><code>").Append(envelope.Id).Append("</code></dd>\n")
            .Append("<dt>Account</dt><dd>").Append(Html.Encode(accountName)).Append("</dd>\n")
            .Append("<dt>From</dt><dd>").Append(Html.Encode(envelope.ReversePath.Length == 0 ? "<> (null sender)" : envelope.ReversePath)).Append("</dd>\n")
            .Append("<dt>Queued</dt><dd>").Append(MailPageParts.Time(envelope.CreatedAt)).Append(" (").Append(MailPageParts.Age(now - envelope.CreatedAt)).Append(" ago)</dd>\n")
            .Append("<dt>Size</dt><dd>").Append(size is { } bytes ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes" : "-").Append(flags).Append("</dd>\n")
            .Append("<dt>Attempts</dt><dd>").Append(envelope.Attempts).Append(", next ")
            .Append(envelope.NextAttemptAt is { } next && next > now ? MailPageParts.Time(next) : "now").Append("</dd>\n</dl>\n")
            .Append(MailPageParts.PostButton(ConsoleMailRoutes.QueueRetry, session.CsrfToken, "Retry now", $"Retry now {envelope.Id}", (ConsoleMailRoutes.IdField, envelope.Id)))
            .Append(" <a href=\"").Append(Html.Encode(ConsoleMailRoutes.DeleteConfirmation(envelope.Id))).Append("\">Delete</a>\n")
            .Append("<h2>Recipients</h2>\n<table>\n<caption>Recipients of this message</caption>\n<thead><tr><th scope=\"col\">Recipient</th>")
            .Append("<th scope=\"col\">State</th><th scope=\"col\">Last reply</th></tr></thead>\n<tbody>\n");
        foreach (var recipient in envelope.Recipients)
        {
            body.Append("<tr><td>").Append(Html.Encode(recipient.Address)).Append("</td><td>").Append(recipient.State)
                .Append("</td><td>").Append(Html.Encode(recipient.LastReply ?? "-")).Append("</td></tr>\n");
        }

        body.Append("</tbody>\n</table>\n<h2>Attempts</h2>\n");
        if (envelope.History.Count == 0)
        {
            body.Append("<p>None yet.</p>\n");
        }
        else
        {
            body.Append("<table>\n<caption>Delivery attempts, oldest first</caption>\n<thead><tr><th scope=\"col\">When (UTC)</th>")
                .Append("<th scope=\"col\">Where</th><th scope=\"col\">Result</th></tr></thead>\n<tbody>\n");
            foreach (var attempt in envelope.History)
            {
                body.Append("<tr><td>").Append(MailPageParts.Time(attempt.At)).Append("</td><td>").Append(Html.Encode(attempt.Destination))
                    .Append("</td><td>").Append(Html.Encode(attempt.Result)).Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        return ConsoleLayout.Render("Queued message", body.ToString(), session);
    }
}
