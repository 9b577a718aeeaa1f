using System.Text;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.WebConsole.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>
/// One identity: its statuses, the changes that can be made to it, the records to publish (what <c>relay identity
/// records</c> gives, also as CSV and zone-file downloads), each with what the last DNS check found for it in plain
/// words, its signing keys and its timeline.
/// </summary>
internal static class IdentityPage
{
    public static string Render(
        Account account, Identity identity, IReadOnlyList<DnsRecord> records, IReadOnlyList<IdentityHistoryEntry> history, ConsoleSession session, ConsoleMessage? message = null)
    {
        var body = new StringBuilder(MessageLine.Render(message));
        body.Append("<dl>\n")
            .Append("<dt>Account</dt><dd>").Append(Html.Encode(account.Name)).Append("</dd>\n")
            .Append("<dt>Type</dt><dd>").Append(IdentityStates.Type(identity)).Append("</dd>\n")
            .Append("<dt>Verification</dt><dd>").Append(SesNames.Status(identity.VerificationStatus)).Append("</dd>\n");
        if (identity.Type == IdentityType.Domain)
        {
            body.Append("<dt>DKIM</dt><dd>").Append(SesNames.Status(identity.DkimStatus)).Append(" (").Append(SesNames.Origin(identity.DkimOrigin))
                .Append(')').Append("</dd>\n");
        }

        body.Append("<dt>Signing</dt><dd>").Append(Html.Encode(IdentityStates.Signing(identity))).Append("</dd>\n")
            .Append("<dt>Next check</dt><dd>").Append(IdentityStates.Time(identity.NextCheck)).Append("</dd>\n")
            .Append("</dl>\n");

        body.Append(IdentityActionForms.Render(account, identity, session));
        body.Append("<h2>Records to publish</h2>\n");
        if (records.Count == 0)
        {
            body.Append("<p>None: an email address is verified by its confirmation link, not by DNS.</p>\n");
        }
        else
        {
            body.Append("<p>Download them for your DNS provider: <a href=\"").Append(Html.Encode(IdentityRoutes.For(IdentityRoutes.RecordsCsv, account.Name, identity.Name)))
                .Append("\" download>CSV</a>, <a href=\"").Append(Html.Encode(IdentityRoutes.For(IdentityRoutes.RecordsZone, account.Name, identity.Name)))
                .Append("\" download>zone file</a>. A click on a name or value selects all of it, ready to copy.</p>\n");
            body.Append("<table class=\"records\">\n<caption>DNS records for ").Append(Html.Encode(identity.Name)).Append("</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Value</th><th scope=\"col\">Last check</th></tr></thead>\n<tbody>\n");
            foreach (var record in records)
            {
                body.Append("<tr><td><code class=\"copy\">").Append(Html.Encode(record.Name)).Append("</code></td><td>").Append(Html.Encode(record.Type))
                    .Append("</td><td><code class=\"copy\">").Append(Html.Encode(record.Value)).Append("</code></td><td>").Append(LastCheck(identity, record))
                    .Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        if (identity.Type == IdentityType.Domain)
        {
            body.Append(SigningKeysTable.Render(identity));
        }

        body.Append(IdentityTimeline.Render(identity, history));
        return ConsoleLayout.Render(identity.Name, body.ToString(), session);
    }

    /// <summary>What the last check of the record's set found for it, in plain words, with when; "Not checked yet" before the first.</summary>
    private static string LastCheck(Identity identity, DnsRecord record)
    {
        var checks = new[] { identity.DkimCheck, identity.PendingDkim?.Check, identity.Ed25519?.Check, identity.VerificationCheck }.OfType<DnsCheckState>();
        foreach (var check in checks)
        {
            var finding = check.Records.FirstOrDefault(found =>
                string.Equals(found.Name.TrimEnd('.'), record.Name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
                && string.Equals(found.Type, record.Type, StringComparison.OrdinalIgnoreCase));
            if (finding is not null)
            {
                var (verdict, advice) = RecordDiagnoses.Describe(finding, identity.Name);
                return $"""<strong data-outcome="{Html.Encode(finding.Outcome)}">{Html.Encode(verdict)}</strong> {Html.Encode(advice)}"""
                    + $"""<br><small>Relay's finding: {Html.Encode(finding.Explanation)} (checked {IdentityStates.Time(check.LastChecked)})</small>""";
            }
        }

        return "Not checked yet";
    }
}
