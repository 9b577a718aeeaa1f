using System.Text;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.WebConsole.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>The identities of every account the user may see, with their verification, DKIM status and signing state.</summary>
internal static class IdentityListPage
{
    public static string Render(
        IReadOnlyList<(Account Account, IReadOnlyList<Identity> Identities)> accounts, ConsoleSession session, ConsoleMessage? message = null)
    {
        var body = new StringBuilder(MessageLine.Render(message));
        if (accounts.Count == 0)
        {
            body.Append(session.IsOperator
                ? "<p>No accounts yet. Add one with <code>relay account add</code>.</p>"
                : "<p>Your account is not set up yet: ask the operator.</p>");
        }
        else
        {
            body.Append("<p><a href=\"").Append(IdentityRoutes.New).Append("\">Add an identity</a></p>\n");
        }

        foreach (var (account, identities) in accounts)
        {
            body.Append("<section>\n<h2>Account ").Append(Html.Encode(account.Name)).Append("</h2>\n");
            if (identities.Count == 0)
            {
                body.Append("<p>No identities.</p>\n</section>\n");
                continue;
            }

            body.Append("<table>\n<caption>Identities of ").Append(Html.Encode(account.Name)).Append("</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Identity</th><th scope=\"col\">Type</th><th scope=\"col\">Verification</th>")
                .Append("<th scope=\"col\">DKIM</th><th scope=\"col\">Signing</th></tr></thead>\n<tbody>\n");
            foreach (var identity in identities)
            {
                body.Append("<tr><td><a href=\"").Append(Html.Encode(ConsoleRoutes.IdentityOf(account.Name, identity.Name))).Append("\">")
                    .Append(Html.Encode(identity.Name)).Append("</a></td><td>").Append(IdentityStates.Type(identity))
                    .Append("</td><td>").Append(SesNames.Status(identity.VerificationStatus))
                    .Append("</td><td>").Append(identity.Type == IdentityType.Domain ? SesNames.Status(identity.DkimStatus) : "-")
                    .Append("</td><td>").Append(Html.Encode(IdentityStates.Signing(identity))).Append("</td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n</section>\n");
        }

        return ConsoleLayout.Render("Identities", body.ToString(), session);
    }
}
