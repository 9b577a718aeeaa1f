using System.Text;
using Relay.Core.Accounts;
using Relay.WebConsole.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>
/// The forms that add an identity: a domain (Easy DKIM with a key length, or BYODKIM with a selector and a private key
/// pasted or uploaded) and an email address. After a refusal the names typed are kept; a private key never is.
/// </summary>
internal static class NewIdentityPage
{
    public static string Render(IReadOnlyList<Account> accounts, ConsoleSession session, ConsoleMessage? message = null, NewIdentityValues? values = null)
    {
        values ??= NewIdentityValues.Empty;
        var body = new StringBuilder(MessageLine.Render(message));
        if (accounts.Count == 0)
        {
            body.Append("<p>There is no account to add an identity to.</p>\n");
            return ConsoleLayout.Render("Add an identity", body.ToString(), session);
        }

        body.Append($"""
            <section>
            <h2>A domain</h2>
            <form method="post" action="{IdentityRoutes.CreateDomain}" enctype="multipart/form-data">
            {Html.CsrfField(session.CsrfToken)}
            {AccountChoice(accounts, session, "domain-account", values.Account)}
            <label for="domain">Domain</label>
            <input id="domain" name="{IdentityRoutes.IdentityField}" type="text" required value="{Html.Encode(values.Domain)}" placeholder="example.com">
            <fieldset>
            <legend>DKIM keys</legend>
            <p><input type="radio" id="origin-easy" name="{IdentityRoutes.OriginField}" value="easy"{Checked(!values.Byodkim)}>
            <label class="inline" for="origin-easy">Easy DKIM: Relay makes three keys; you publish three CNAME records</label></p>
            <label for="length">Key length (Easy DKIM)</label>
            <select id="length" name="{IdentityRoutes.LengthField}"><option value="RSA_2048_BIT" selected>2048 bits</option><option value="RSA_1024_BIT">1024 bits</option></select>
            <p><input type="radio" id="origin-byodkim" name="{IdentityRoutes.OriginField}" value="byodkim"{Checked(values.Byodkim)}>
            <label class="inline" for="origin-byodkim">Your own key (BYODKIM): you publish its public half as TXT at your selector</label></p>
            <label for="selector">Selector (BYODKIM)</label>
            <input id="selector" name="{IdentityRoutes.SelectorField}" type="text" value="{Html.Encode(values.Selector)}">
            <label for="private-key">Private key, PEM (BYODKIM)</label>
            <textarea id="private-key" name="{IdentityRoutes.PrivateKeyField}" rows="6" cols="64" spellcheck="false" autocomplete="off"></textarea>
            <label for="private-key-file">…or its file (BYODKIM)</label>
            <input id="private-key-file" name="{IdentityRoutes.PrivateKeyFileField}" type="file" accept=".pem,.key,text/plain">
            </fieldset>
            <button type="submit">Add the domain</button>
            </form>
            </section>
            <section>
            <h2>An email address</h2>
            <form method="post" action="{IdentityRoutes.CreateEmail}">
            {Html.CsrfField(session.CsrfToken)}
            {AccountChoice(accounts, session, "email-account", values.Account)}
            <label for="address">Address</label>
            <input id="address" name="{IdentityRoutes.IdentityField}" type="email" required value="{Html.Encode(values.Address)}" placeholder="someone@example.com">
            <p>Relay mails it a link; the address is verified once the link is followed.</p>
            <button type="submit">Add the address</button>
            </form>
            </section>

            """);
        return ConsoleLayout.Render("Add an identity", body.ToString(), session);
    }

    /// <summary>Operators pick the account; a tenant's is fixed (the server checks it either way).</summary>
    private static string AccountChoice(IReadOnlyList<Account> accounts, ConsoleSession session, string id, string selected)
    {
        if (!session.IsOperator)
        {
            return IdentityActionForms.Hidden(IdentityRoutes.AccountField, accounts[0].Name);
        }

        var options = new StringBuilder();
        foreach (var account in accounts)
        {
            options.Append("<option").Append(account.Name == selected ? " selected" : string.Empty).Append('>')
                .Append(Html.Encode(account.Name)).Append("</option>");
        }

        return $"""<label for="{id}">Account</label><select id="{id}" name="{IdentityRoutes.AccountField}">{options}</select>""";
    }

    private static string Checked(bool on) => on ? " checked" : string.Empty;
}
