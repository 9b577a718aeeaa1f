using System.Text;
using Relay.Core.Accounts;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Accounts with their SMTP user and access keys (what <c>relay account list</c> and <c>relay access-key list</c>
/// show), a form to add an account, and per account a button for a new access key; per active key a revoke button.
/// </summary>
internal static class AccountsPage
{
    public static string Render(IReadOnlyList<Account> accounts, IReadOnlyList<AccessKey> keys, ConsoleMessage? flash, string? error, ConsoleSession session)
    {
        var body = new StringBuilder(MessageLine.Render(flash));
        if (error is not null)
        {
            body.Append(MailPageParts.Error(error));
        }

        if (accounts.Count == 0)
        {
            body.Append("<p>No accounts yet.</p>\n");
        }
        else
        {
            body.Append("<table>\n<caption>Accounts</caption>\n<thead><tr><th scope=\"col\">Account</th><th scope=\"col\">SMTP user</th>")
                .Append("<th scope=\"col\">Contact</th><th scope=\"col\">Access keys</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n");
            foreach (var account in accounts)
            {
                body.Append("<tr><td>").Append(Html.Encode(account.Name)).Append("</td><td>").Append(Html.Encode(account.SmtpUserName))
                    .Append("</td><td>").Append(Html.Encode(account.ContactAddress ?? "-")).Append("</td><td>")
                    .Append(Keys(keys.Where(key => key.AccountId == account.Id).ToList(), session)).Append("</td><td>")
                    .Append(MailPageParts.PostButton(ConsoleMailRoutes.AccessKeyCreate, session.CsrfToken, "New access key",
                        $"New access key for {account.Name}", (ConsoleMailRoutes.AccountField, account.Name)))
                    .Append(' ')
                    .Append(MailPageParts.PostButton(ConsoleMailRoutes.AccountSmtpPassword, session.CsrfToken, "New SMTP password",
                        $"New SMTP password for {account.Name}", (ConsoleMailRoutes.AccountField, account.Name)))
                    .Append(" <a href=\"").Append(Html.Encode(ConsoleMailRoutes.RevokeCredentialsConfirmation(account.Name)))
                    .Append("\" aria-label=\"Revoke credentials of ").Append(Html.Encode(account.Name)).Append("\">Revoke credentials</a>")
                    .Append(" <a href=\"").Append(Html.Encode(ConsoleMailRoutes.OutcomesOf(account.Name))).Append("\" aria-label=\"Outcomes of ")
                    .Append(Html.Encode(account.Name)).Append("\">Outcomes</a></td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        body.Append("<h2>Add an account</h2>\n<p>Relay makes its SMTP password and shows it once.</p>\n")
            .Append("<form method=\"post\" action=\"").Append(ConsoleMailRoutes.AccountCreate).Append("\">").Append(Html.CsrfField(session.CsrfToken))
            .Append("<label for=\"new-account\">Name</label><input id=\"new-account\" name=\"").Append(ConsoleForms.NameField)
            .Append("\" type=\"text\" required maxlength=\"").Append(AccountActions.MaxNameLength).Append("\">")
            .Append("<label for=\"new-smtp-user\">SMTP user name (the name when empty)</label><input id=\"new-smtp-user\" name=\"")
            .Append(ConsoleMailRoutes.SmtpUserField).Append("\" type=\"text\" maxlength=\"").Append(AccountActions.MaxNameLength).Append("\">")
            .Append("<label for=\"new-contact\">Contact address (optional)</label><input id=\"new-contact\" name=\"")
            .Append(ConsoleMailRoutes.ContactField).Append("\" type=\"email\" maxlength=\"").Append(AccountActions.MaxNameLength).Append("\">")
            .Append("<div><button type=\"submit\">Add the account</button></div></form>\n");
        return ConsoleLayout.Render("Accounts", body.ToString(), session);
    }

    private static string Keys(List<AccessKey> keys, ConsoleSession session)
    {
        if (keys.Count == 0)
        {
            return "none";
        }

        var list = new StringBuilder("<ul>");
        foreach (var key in keys)
        {
            list.Append("<li><code>").Append(Html.Encode(key.Id)).Append("</code> created ").Append(MailPageParts.Time(key.Created));
            list.Append(key.Revoked is { } revoked
                ? ", revoked " + MailPageParts.Time(revoked)
                : " " + MailPageParts.PostButton(ConsoleMailRoutes.AccessKeyRevoke, session.CsrfToken, "Revoke", $"Revoke {key.Id}", (ConsoleMailRoutes.IdField, key.Id)));
            list.Append("</li>");
        }

        return list.Append("</ul>").ToString();
    }
}
