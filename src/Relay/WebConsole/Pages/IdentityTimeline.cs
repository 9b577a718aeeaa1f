using System.Text;
using Relay.Core.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>
/// An identity's history as far as its stored state tells it: when each status began, the last checks and successes,
/// when keys were made, staged and retired, and what is due next. Relay keeps no log of every past status, so a status
/// that came and went between two of these times is not shown.
/// </summary>
internal static class IdentityTimeline
{
    public static string Render(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var events = Events(identity).Where(item => item.When is not null).OrderByDescending(item => item.When).ToList();
        var html = new StringBuilder("<h2>Timeline</h2>\n");
        if (events.Count == 0)
        {
            return html.Append("<p>Nothing has happened yet.</p>\n").ToString();
        }

        html.Append("<ol class=\"timeline\" reversed>\n");
        foreach (var (when, what) in events)
        {
            html.Append("<li><time datetime=\"").Append(Iso(when!.Value)).Append("\">").Append(IdentityStates.Time(when)).Append("</time> ")
                .Append(Html.Encode(what)).Append("</li>\n");
        }

        return html.Append("</ol>\n<p class=\"note\">From the times Relay keeps with the identity; a status that came and went between them is not listed.</p>\n").ToString();
    }

    private static IEnumerable<(DateTimeOffset? When, string What)> Events(Identity identity)
    {
        if (identity.Type == IdentityType.Domain)
        {
            var dkim = SesNames.Status(identity.DkimStatus);
            yield return (identity.LastKeyGeneration, $"DKIM keys made ({SesNames.Origin(identity.DkimOrigin)})");
            yield return (identity.DkimCheck.Since, $"DKIM became {dkim} (its current status)");
            yield return (identity.DkimCheck.LastSuccess, "DKIM check: every record found");
            yield return (identity.DkimCheck.MissingSince, "DKIM records that had verified were found missing");
            yield return (identity.DkimCheck.LastChecked, $"Last DKIM check ({identity.DkimCheck.Attempts} since the status began)");
            yield return (identity.VerificationCheck.Since, $"Verification became {SesNames.Status(identity.VerificationStatus)} (its current status)");
            yield return (identity.VerificationCheck.LastSuccess, "Verification record found");
            yield return (identity.VerificationCheck.LastChecked, "Last check of the verification record");
            yield return (identity.PendingDkim?.Check.Since, "New keys made; they wait for their records while the current keys sign");
            yield return (identity.PendingDkim?.Check.LastChecked, "Last check of the new keys' records");
            yield return (identity.StagedDkim?.Staged, $"New key staged behind {identity.StagedDkim?.Token}");
            yield return (identity.StagedDkim?.SwitchAfter, $"Signing may switch to the key staged behind {identity.StagedDkim?.Token} (due)");
            yield return (identity.LastKeyLengthChange, $"Key length set to {(int)identity.NextSigningKeyLength} bits");
            foreach (var retirement in identity.TokenRetirements)
            {
                yield return (retirement.StoppedSigning, $"The key behind {retirement.Token} stopped signing");
            }

            yield return (identity.RetiredDkim?.Until, "Retired keys leave the key zone (due)");
            yield return (identity.NextRotation, "Automatic key rotation (due)");
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

        yield return (identity.NextCheck, "Next DNS check (due)");
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
