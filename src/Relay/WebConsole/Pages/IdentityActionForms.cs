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
        if (identity.Type == IdentityType.Domain && identity.DkimKeys.Count > 0)
        {
            html.Append(identity.Ed25519 is null
                ? identity.DkimOrigin == DkimSigningOrigin.AwsSes
                    ? Form(IdentityRoutes.Ed25519, account, identity, session, "Add an Ed25519 key", Hidden(IdentityRoutes.EnabledField, "true"))
                    : string.Empty
                : Form(IdentityRoutes.Ed25519, account, identity, session, "Remove the Ed25519 key", Hidden(IdentityRoutes.EnabledField, "false")));
        }

        if (identity.Type == IdentityType.Domain)
        {
            html.Append(KeyOriginForms(account, identity, session));
        }

        html.Append("<p><a href=\"").Append(Html.Encode(IdentityRoutes.For(IdentityRoutes.Delete, account.Name, identity.Name)))
            .Append("\">Delete this identity…</a></p>\n");
        return html.Append("</div>\n").ToString();
    }

    /// <summary>The customer's own key (first or new), and for a BYODKIM domain the way back to Easy DKIM.</summary>
    private static string KeyOriginForms(Account account, Identity identity, ConsoleSession session)
    {
        var byodkim = identity.DkimOrigin == DkimSigningOrigin.External && identity.DkimKeys.Count > 0;
        var ownKey = $"""
            {Hidden(IdentityRoutes.OriginField, "byodkim")}
            <label for="own-selector">Selector</label><input id="own-selector" name="{IdentityRoutes.SelectorField}" type="text" required>
            <label for="own-key">Private key, PEM</label><textarea id="own-key" name="{IdentityRoutes.PrivateKeyField}" rows="4" cols="64" spellcheck="false" autocomplete="off"></textarea>
            <label for="own-key-file">…or its file</label><input id="own-key-file" name="{IdentityRoutes.PrivateKeyFileField}" type="file" accept=".pem,.key,text/plain">
            """;
        var html = new StringBuilder("<details>\n<summary>")
            .Append(byodkim ? "Replace your key, or go back to Easy DKIM" : "Sign with your own key instead (BYODKIM)").Append("</summary>\n")
            .Append(Form(IdentityRoutes.DkimKeys, account, identity, session, byodkim ? "Use this key" : "Use my key", ownKey, multipart: true));
        if (byodkim)
        {
            var easy = $"""
                {Hidden(IdentityRoutes.OriginField, "easy")}
                <label for="easy-length">Key length</label><select id="easy-length" name="{IdentityRoutes.LengthField}"><option value="RSA_2048_BIT" selected>2048 bits</option><option value="RSA_1024_BIT">1024 bits</option></select>
                """;
            html.Append(Form(IdentityRoutes.DkimKeys, account, identity, session, "Switch to Easy DKIM", easy));
        }

        return html.Append("</details>\n").ToString();
    }

    /// <summary>A form posting to <paramref name="path"/> for this identity, with <paramref name="fields"/> before its button.</summary>
    public static string Form(string path, Account account, Identity identity, ConsoleSession session, string button, string fields, bool multipart = false) =>
        $"""
        <form method="post" action="{path}"{(multipart ? " enctype=\"multipart/form-data\"" : string.Empty)}>{Html.CsrfField(session.CsrfToken)}{Hidden(IdentityRoutes.AccountField, account.Name)}{Hidden(IdentityRoutes.IdentityField, identity.Name)}{fields}<button type="submit">{Html.Encode(button)}</button></form>

        """;

    public static string Hidden(string name, string value) => $"""<input type="hidden" name="{name}" value="{Html.Encode(value)}">""";
}
