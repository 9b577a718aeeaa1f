using System.Text;
using Relay.Core.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>A domain's keys: selector, algorithm and length, when made, and what each does now. Never the private key.</summary>
internal static class SigningKeysTable
{
    public static string Render(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var rows = Rows(identity).ToList();
        var html = new StringBuilder("<h2>Signing keys</h2>\n");
        if (rows.Count == 0)
        {
            return html.Append("<p>No keys.</p>\n").ToString();
        }

        html.Append("<table class=\"keys\">\n<caption>DKIM keys of ").Append(Html.Encode(identity.Name)).Append("</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Selector</th><th scope=\"col\">Key</th><th scope=\"col\">Made</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n");
        foreach (var (key, made, state) in rows)
        {
            html.Append("<tr><td><code>").Append(Html.Encode(key.Selector)).Append("</code></td><td>")
                .Append(key.IsEd25519 ? "Ed25519" : $"RSA {key.KeyBits} bits").Append("</td><td>").Append(made)
                .Append("</td><td>").Append(Html.Encode(state)).Append("</td></tr>\n");
        }

        return html.Append("</tbody>\n</table>\n").ToString();
    }

    private static IEnumerable<(SigningKey Key, string Made, string State)> Rows(Identity identity)
    {
        var signs = identity is { SigningEnabled: true, DkimStatus: VerificationStatus.Success };
        // BYODKIM keys are the customer's: Relay knows when it took them, not when they were made.
        var made = identity.DkimOrigin == DkimSigningOrigin.External ? "the customer's key" : IdentityStates.Time(identity.LastKeyGeneration);
        foreach (var key in identity.DkimKeys)
        {
            string state;
            if (identity.StagedDkim is { } stage && stage.Token == key.Selector)
            {
                state = $"Staged: published, signs from {IdentityStates.Time(stage.SwitchAfter)} once its record is served";
                yield return (key, IdentityStates.Time(stage.Staged), state);
                continue;
            }

            state = key == identity.SigningKey
                ? signs ? "Signs" : $"Current; not signing (DKIM {SesNames.Status(identity.DkimStatus)}{(identity.SigningEnabled ? string.Empty : ", signing disabled")})"
                : "Current, published";
            yield return (key, made, state);
        }

        foreach (var key in identity.PendingDkim?.Keys ?? [])
        {
            yield return (key, IdentityStates.Time(identity.PendingDkim!.Check.Since), "New: waits for its record, then replaces the current keys");
        }

        foreach (var key in identity.RetiredDkim?.Keys ?? [])
        {
            yield return (key, "-", $"Retired: no longer signs, published until {IdentityStates.Time(identity.RetiredDkim!.Until)}");
        }

        if (identity.Ed25519 is { } ed25519)
        {
            yield return (ed25519.Key, ed25519.Origin == DkimSigningOrigin.External ? "the customer's key" : "-",
                ed25519.Signs && signs ? "Signs beside the RSA key" : $"Record {SesNames.Status(ed25519.Status)}; not signing");
        }
    }
}
