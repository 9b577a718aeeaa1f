using System.Text;
using Relay.Core.Identities;
using Relay.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>
/// An identity's timeline: what is due next (from the identity's state), then its stored status history newest first,
/// each change with its time, from → to, and what the check behind it found in the words the records table uses.
/// An identity older than the stored history (no rows) shows the times its record keeps instead.
/// </summary>
internal static class IdentityTimeline
{
    public static string Render(Identity identity, IReadOnlyList<IdentityHistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(history);
        var html = new StringBuilder("<h2>Timeline</h2>\n");
        var due = Due(identity).Where(item => item.When is not null).OrderBy(item => item.When).ToList();
        if (due.Count > 0)
        {
            html.Append("<ul class=\"due\">\n");
            foreach (var (when, what) in due)
            {
                html.Append("<li>").Append(Html.Encode(what)).Append(": ").Append(Time(when!.Value)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        if (history.Count > 0)
        {
            html.Append("<ol class=\"timeline\" reversed>\n");
            foreach (var row in history)
            {
                html.Append("<li data-change=\"").Append(row.Change).Append("\">").Append(Time(row.When)).Append(' ')
                    .Append(Html.Encode(IdentityHistoryText.Describe(row))).Append(Finding(row, identity.Name)).Append("</li>\n");
            }

            return html.Append("</ol>\n").ToString();
        }

        var stored = StoredTimes(identity).Where(item => item.When is not null).OrderByDescending(item => item.When).ToList();
        if (stored.Count == 0)
        {
            return html.Append("<p>Nothing has happened yet.</p>\n").ToString();
        }

        html.Append("<ol class=\"timeline\" reversed>\n");
        foreach (var (when, what) in stored)
        {
            html.Append("<li>").Append(Time(when!.Value)).Append(' ').Append(Html.Encode(what)).Append("</li>\n");
        }

        return html.Append("</ol>\n<p class=\"note\">This identity is older than Relay's stored status history: these are the times kept with it, "
            + "and a status that came and went between them is not listed.</p>\n").ToString();
    }

    /// <summary>What the check behind the change found, as the records table says it, with Relay's own line.</summary>
    private static string Finding(IdentityHistoryEntry row, string domain)
    {
        if (row.Finding is not { } outcome)
        {
            return string.Empty;
        }

        var finding = new DnsRecordDiagnostic(row.FindingRecord ?? string.Empty, string.Empty, string.Empty, outcome, row.Detail ?? string.Empty);
        var (verdict, _) = RecordDiagnoses.Describe(finding, domain);
        var record = row.FindingRecord is { Length: > 0 } name ? $" {name.TrimEnd('.')}:" : string.Empty;
        return $"""<br><small>{Html.Encode(record)} <strong data-outcome="{Html.Encode(outcome)}">{Html.Encode(verdict)}</strong>"""
            + (row.Detail is { Length: > 0 } detail ? $" Relay's finding: {Html.Encode(detail)}" : string.Empty) + "</small>";
    }

    private static IEnumerable<(DateTimeOffset? When, string What)> Due(Identity identity)
    {
        yield return (identity.NextCheck, "Next DNS check");
        if (identity.Type == IdentityType.Domain)
        {
            yield return (identity.StagedDkim?.SwitchAfter, $"Signing may switch to the key staged behind {identity.StagedDkim?.Token}");
            yield return (identity.RetiredDkim?.Until, "Retired keys leave the key zone");
            yield return (identity.NextRotation, "Automatic key rotation");
        }
    }

    private static IEnumerable<(DateTimeOffset? When, string What)> StoredTimes(Identity identity)
    {
        if (identity.Type == IdentityType.Domain)
        {
            yield return (identity.LastKeyGeneration, $"DKIM keys made ({SesNames.Origin(identity.DkimOrigin)})");
            yield return (identity.DkimCheck.Since, $"DKIM became {SesNames.Status(identity.DkimStatus)} (its current status)");
            yield return (identity.DkimCheck.LastSuccess, "DKIM check: every record found");
            yield return (identity.DkimCheck.MissingSince, "DKIM records that had verified were found missing");
            yield return (identity.DkimCheck.LastChecked, $"Last DKIM check ({identity.DkimCheck.Attempts} since the status began)");
            yield return (identity.VerificationCheck.Since, $"Verification became {SesNames.Status(identity.VerificationStatus)} (its current status)");
            yield return (identity.VerificationCheck.LastSuccess, "Verification record found");
            yield return (identity.VerificationCheck.LastChecked, "Last check of the verification record");
            yield return (identity.PendingDkim?.Check.Since, "New keys made; they wait for their records while the current keys sign");
            yield return (identity.PendingDkim?.Check.LastChecked, "Last check of the new keys' records");
            yield return (identity.StagedDkim?.Staged, $"New key staged behind {identity.StagedDkim?.Token}");
            yield return (identity.LastKeyLengthChange, $"Key length set to {(int)identity.NextSigningKeyLength} bits");
            foreach (var retirement in identity.TokenRetirements)
            {
                yield return (retirement.StoppedSigning, $"The key behind {retirement.Token} stopped signing");
            }

            if (identity.Ed25519 is { } ed25519)
            {
                yield return (ed25519.Check.Since, $"Ed25519 record became {SesNames.Status(ed25519.Status)} (its current status)");
            }
        }
        else
        {
            yield return (identity.VerificationCheck.Since, $"Verification became {SesNames.Status(identity.VerificationStatus)} (its current status)");
            yield return (identity.VerificationCheck.LastSuccess, "Address confirmed");
        }
    }

    private static string Time(DateTimeOffset time) =>
        $"<time datetime=\"{time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}\">{IdentityStates.Time(time)}</time>";
}
