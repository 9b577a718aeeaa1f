using System.Globalization;
using System.Text;
using Relay.Delivery.Spool;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// One page of the queue, oldest first, with what <c>relay queue list</c> shows (account, sender, recipients, age,
/// attempts, next attempt, last reply) and per message a retry-now button and a link to confirm its deletion.
/// </summary>
internal static class QueuePage
{
    public static string Render(
        IReadOnlyList<SpoolEnvelope> envelopes, int total, int page, int pageSize, IReadOnlyDictionary<string, string> accountNames,
        DateTimeOffset now, ConsoleMessage? flash, ConsoleSession session)
    {
        var body = new StringBuilder(MessageLine.Render(flash));
        var first = ((page - 1) * pageSize) + 1;
        if (total == 0)
        {
            body.Append("<p>The queue is empty.</p>\n");
            return ConsoleLayout.Render("Queue", body.ToString(), session);
        }

        body.Append(CultureInfo.InvariantCulture, $"<p>{total} message(s) queued; showing {first} to {first + envelopes.Count - 1}, oldest first. A retry or deletion is carried out by the queue within a second.</p>\n")
            .Append("<table>\n<caption>Queued messages</caption>\n<thead><tr><th scope=\"col\">Id</th><th scope=\"col\">Account</th><th scope=\"col\">From</th>")
            .Append("<th scope=\"col\">Recipients (pending / all)</th><th scope=\"col\">Age</th><th scope=\"col\">Attempts</th><th scope=\"col\">Next attempt</th>")
            .Append("<th scope=\"col\">Last reply</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n");
        foreach (var envelope in envelopes)
        {
            var pending = envelope.Recipients.Count(recipient => recipient.State == RecipientState.Pending);
            var account = envelope.AccountId is { } id ? accountNames.GetValueOrDefault(id, id) : "-";
            body.Append("<tr><td><a href=\"").Append(Html.Encode(ConsoleMailRoutes.MessageOf(envelope.Id))).Append("\"><code>").Append(envelope.Id).Append("</code></a></td><td>").Append(Html.Encode(account))
                .Append("</td><td>").Append(Html.Encode(envelope.ReversePath.Length == 0 ? "<> (null sender)" : envelope.ReversePath))
                .Append(CultureInfo.InvariantCulture, $"</td><td>{pending} / {envelope.Recipients.Count}</td><td>")
                .Append(MailPageParts.Age(now - envelope.CreatedAt))
                .Append(CultureInfo.InvariantCulture, $"</td><td>{envelope.Attempts}</td><td>")
                .Append(envelope.NextAttemptAt is { } next && next > now ? MailPageParts.Time(next) : "now")
                .Append("</td><td>").Append(Html.Encode(envelope.LastError ?? "-"))
                .Append("</td><td>")
                .Append(MailPageParts.PostButton(ConsoleMailRoutes.QueueRetry, session.CsrfToken, "Retry now", $"Retry now {envelope.Id}",
                    (ConsoleMailRoutes.IdField, envelope.Id)))
                .Append(" <a href=\"").Append(Html.Encode(ConsoleMailRoutes.DeleteConfirmation(envelope.Id)))
                .Append("\" aria-label=\"Delete ").Append(envelope.Id).Append("\">Delete</a></td></tr>\n");
        }

        body.Append("</tbody>\n</table>\n");
        var pages = (total + pageSize - 1) / pageSize;
        if (pages > 1)
        {
            body.Append("<nav aria-label=\"Queue pages\"><p>");
            if (page > 1)
            {
                body.Append("<a href=\"").Append(ConsoleMailRoutes.QueuePage(page - 1)).Append("\" rel=\"prev\">Previous page</a> ");
            }

            body.Append(CultureInfo.InvariantCulture, $"Page {page} of {pages}");
            if (page < pages)
            {
                body.Append(" <a href=\"").Append(ConsoleMailRoutes.QueuePage(page + 1)).Append("\" rel=\"next\">Next page</a>");
            }

            body.Append("</p></nav>\n");
        }

        return ConsoleLayout.Render("Queue", body.ToString(), session);
    }

    /// <summary>The notice for session mode, where nothing is ever queued.</summary>
    public static string NoQueue(ConsoleSession session) => ConsoleLayout.Render("Queue",
        "<p>Relay forwards each message within its SMTP session (<code>Relay:Delivery:Mode=Session</code>): there is no queue.</p>", session);
}
