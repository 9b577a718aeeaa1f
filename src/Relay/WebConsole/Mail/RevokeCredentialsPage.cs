using System.Text;
using Relay.Core.Accounts;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>The step before revoking an account's credentials: what stops working, and one button that does it.</summary>
internal static class RevokeCredentialsPage
{
    public static string Render(Account account, int activeKeys, ConsoleSession session)
    {
        var body = new StringBuilder()
            .Append("<p>Revoke every credential of <strong>").Append(Html.Encode(account.Name)).Append("</strong>? Its ")
            .Append(activeKeys).Append(" active access key(s) are revoked and its SMTP password (SMTP user <code>")
            .Append(Html.Encode(account.SmtpUserName)).Append("</code>) is replaced by one nobody is shown, so nothing can send ")
            .Append("as the account until it gets a new SMTP password or access key. Its identities and queued mail stay.</p>\n")
            .Append("<form method=\"post\" action=\"").Append(ConsoleMailRoutes.AccountRevokeCredentials).Append("\">").Append(Html.CsrfField(session.CsrfToken))
            .Append("<input type=\"hidden\" name=\"").Append(ConsoleMailRoutes.AccountField).Append("\" value=\"").Append(Html.Encode(account.Name)).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(ConsoleMailRoutes.ConfirmField).Append("\" value=\"yes\">")
            .Append("<button type=\"submit\">Revoke the credentials</button> <a href=\"").Append(ConsoleMailRoutes.Accounts).Append("\">Keep them</a></form>\n");
        return ConsoleLayout.Render("Revoke an account's credentials", body.ToString(), session);
    }
}
