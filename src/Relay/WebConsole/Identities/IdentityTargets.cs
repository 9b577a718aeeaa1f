using Microsoft.AspNetCore.Http;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Identities;

/// <summary>
/// Finds the identity a page or a form is about, within the accounts the user may see. Another tenant's identity and a
/// missing one get the same 404, worded from what was asked only, so nothing tells the two apart.
/// </summary>
internal sealed class IdentityTargets(ConsoleAccounts accounts, IIdentityManagement identities)
{
    public async Task<(Account Account, Identity Identity)?> FindAsync(ConsoleRequest request, string accountName, string name)
    {
        var account = await accounts.FindAsync(request.Session, accountName, request.Aborted);
        var identity = account is null || name.Length == 0 ? null : await identities.FindAsync(account.Id, name, request.Aborted);
        return account is null || identity is null ? null : (account, identity);
    }

    public static Task NotFoundAsync(ConsoleRequest request, string accountName, string name)
    {
        var body = $"""<p>No identity {Html.Encode(name)} in account {Html.Encode(accountName)}. <a href="{ConsoleRoutes.Identities}">All identities</a></p>""";
        return ConsoleHttp.HtmlAsync(request.Context, StatusCodes.Status404NotFound, ConsoleLayout.Render("Identity not found", body, request.Session));
    }
}
