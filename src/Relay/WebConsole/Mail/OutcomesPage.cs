using System.Text;
using Relay.Core.Accounts;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Recent outcomes (this node's, newest first), for every account or one, and the traffic of the last hour and day
/// from the counters <c>/metrics</c> serves.
/// </summary>
internal static class OutcomesPage
{
    public static string Render(
        IReadOnlyList<RecentOutcome> outcomes, int capacity, IReadOnlyList<Account> accounts, Account? selected,
        IReadOnlyList<TrafficBucket>? lastHour, IReadOnlyList<TrafficBucket>? lastDay, ConsoleSession session)
    {
        var names = accounts.ToDictionary(account => account.Id, account => account.Name, StringComparer.Ordinal);
        var body = new StringBuilder()
            .Append("<form method=\"get\" action=\"").Append(ConsoleMailRoutes.Outcomes).Append("\">")
            .Append("<label for=\"account\">Account</label> <select id=\"account\" name=\"").Append(ConsoleMailRoutes.AccountField).Append("\">")
            .Append("<option value=\"\">Every account</option>");
        foreach (var account in accounts)
        {
            body.Append("<option value=\"").Append(Html.Encode(account.Name)).Append('"')
                .Append(selected?.Id == account.Id ? " selected" : string.Empty).Append('>').Append(Html.Encode(account.Name)).Append("</option>");
        }

        body.Append("</select> <button type=\"submit\">Show</button></form>\n")
            .Append("<h2>Recent outcomes").Append(selected is null ? string.Empty : " of " + Html.Encode(selected.Name)).Append("</h2>\n")
            .Append("<p>The last ").Append(capacity).Append(" outcomes this node saw since it started (<code>Relay:Console:Mail:RecentOutcomes</code>), newest first.</p>\n");
        if (outcomes.Count == 0)
        {
            body.Append("<p>Nothing yet.</p>\n");
        }
        else
        {
            body.Append("<table>\n<caption>Recent outcomes</caption>\n<thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Account</th>")
                .Append("<th scope=\"col\">Message</th><th scope=\"col\">From</th><th scope=\"col\">Recipient</th><th scope=\"col\">Outcome</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n");
            foreach (var outcome in outcomes)
            {
                var account = outcome.AccountId is { } id ? names.GetValueOrDefault(id, id) : "-";
                body.Append("<tr><td>").Append(MailPageParts.Time(outcome.At)).Append("</td><td>").Append(Html.Encode(account))
                    .Append("</td><td><code>").Append(Html.Encode(outcome.MessageId)).Append("</code></td><td>").Append(Html.Encode(outcome.From))
                    .Append("</td><td>").Append(Html.Encode(outcome.Recipient)).Append("</td><td>").Append(outcome.Kind)
                    .Append("</td><td>").Append(Html.Encode(outcome.Reason ?? "-")).Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        body.Append("<h2>Traffic</h2>\n");
        if (lastHour is null || lastDay is null)
        {
            body.Append("<p>No queue in session mode, so no delivery counters to chart.</p>\n");
        }
        else
        {
            body.Append("<p>Every account together: messages accepted into the queue, recipients delivered, recipient attempts deferred, recipients bounced (the counters of <code>/metrics</code>, this node only, since it started).</p>\n")
                .Append("<h3>Last hour</h3>\n").Append(TrafficChart.Render("last-hour", "Last hour, 5-minute buckets", lastHour, "HH:mm"))
                .Append("<h3>Last day</h3>\n").Append(TrafficChart.Render("last-day", "Last day, 1-hour buckets", lastDay, "HH:mm"));
        }

        return ConsoleLayout.Render("Outcomes", body.ToString(), session);
    }
}
