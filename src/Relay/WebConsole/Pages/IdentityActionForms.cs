using System.Text;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.WebConsole.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>The identity page's changes, each a form of its own that posts the account, the identity and the CSRF token.</summary>
internal static class IdentityActionForms
{
    public static string Render(Account account, Identity identity, ConsoleSession session)
    {
        var html = new StringBuilder("<h2>Changes</h2>\n<div class=\"actions\">\n");
        html.Append(Form(IdentityRoutes.Check, account, identity, session, "Check now", string.Empty));
        var easyDkim = identity.Type == IdentityType.Domain && identity.DkimOrigin == DkimSigningOrigin.AwsSes && identity.DkimKeys.Count > 0;
        if (easyDkim)
        {
            html.Append(Form(IdentityRoutes.Rotate, account, identity, session, "Rotate the keys", string.Empty));
            var options = new StringBuilder();
            foreach (var length in new[] { DkimKeyLength.Rsa2048, DkimKeyLength.Rsa1024 })
            {
                options.Append("<option value=\"").Append(SesNames.KeyLength(length)).Append('"')
                    .Append(length == identity.NextSigningKeyLength ? " selected" : string.Empty).Append('>')
                    .Append((int)length).Append(" bits</option>");
            }

            html.Append(Form(IdentityRoutes.KeyLength, account, identity, session, "Change the key length",
                $"""<label for="length">Key length</label><select id="length" name="{IdentityRoutes.LengthField}">{options}</select>"""));
        }

        html.Append(identity.SigningEnabled
            ? Form(IdentityRoutes.Signing, account, identity, session, "Disable DKIM signing", Hidden(IdentityRoutes.EnabledField, "false"))
            : Form(IdentityRoutes.Signing, account, identity, session, "Enable DKIM signing", Hidden(IdentityRoutes.EnabledField, "true")));
        html.Append("<p><a href=\"").Append(Html.Encode(IdentityRoutes.For(IdentityRoutes.Delete, account.Name, identity.Name)))
            .Append("\">Delete this identity…</a></p>\n");
        return html.Append("</div>\n").ToString();
    }

    /// <summary>A form posting to <paramref name="path"/> for this identity, with <paramref name="fields"/> before its button.</summary>
    public static string Form(string path, Account account, Identity identity, ConsoleSession session, string button, string fields) =>
        $"""
        <form method="post" action="{path}">{Html.CsrfField(session.CsrfToken)}{Hidden(IdentityRoutes.AccountField, account.Name)}{Hidden(IdentityRoutes.IdentityField, identity.Name)}{fields}<button type="submit">{Html.Encode(button)}</button></form>

        """;

    public static string Hidden(string name, string value) => $"""<input type="hidden" name="{name}" value="{Html.Encode(value)}">""";
}
