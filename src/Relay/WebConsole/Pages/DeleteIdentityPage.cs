using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.WebConsole.Identities;

namespace Relay.WebConsole.Pages;

/// <summary>The step before a delete: what goes with the identity, and the one button that deletes it.</summary>
internal static class DeleteIdentityPage
{
    public static string Render(Account account, Identity identity, ConsoleSession session)
    {
        var keys = identity.Type == IdentityType.Domain
            ? " Its DKIM keys are deleted with it: mail from it is no longer signed with them, and their records stop verifying."
            : string.Empty;
        var body = $"""
            <p>Delete <strong>{Html.Encode(identity.Name)}</strong> of account {Html.Encode(account.Name)}? The account can no longer send from it.{keys} This cannot be undone.</p>
            {IdentityActionForms.Form(IdentityRoutes.Delete, account, identity, session, "Delete " + identity.Name, string.Empty)}
            <p><a href="{Html.Encode(ConsoleRoutes.IdentityOf(account.Name, identity.Name))}">No, keep it</a></p>
            """;
        return ConsoleLayout.Render("Delete " + identity.Name + "?", body, session);
    }
}
