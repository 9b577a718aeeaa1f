using Microsoft.AspNetCore.Http;
using Relay.Core.Accounts;

namespace Relay.WebConsole.Mail;

/// <summary>The outcomes page: this node's recent outcomes, for every account or one, and the traffic charts (queue mode only).</summary>
internal sealed class OutcomesView(IAccountStore accounts, RecentOutcomes outcomes, TrafficHistory? traffic = null)
{
    public async Task ShowOutcomesAsync(HttpContext context, ConsoleSession session)
    {
        var all = (await accounts.ListAccountsAsync(context.RequestAborted)).OrderBy(account => account.Name, StringComparer.Ordinal).ToList();
        var name = context.Request.Query[ConsoleMailRoutes.AccountField].ToString();
        Account? selected = null;
        if (name.Length > 0 && (selected = all.FirstOrDefault(account => account.Name == name)) is null)
        {
            await ConsoleMailPages.MessageAsync(context, session, StatusCodes.Status404NotFound, "Account not found", $"No account {ConsoleMailPages.Shorten(name)}.");
            return;
        }

        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, OutcomesPage.Render(
            outcomes.Newest(selected?.Id), outcomes.Capacity, all, selected,
            traffic?.Buckets(12, TimeSpan.FromMinutes(5)), traffic?.Buckets(24, TimeSpan.FromHours(1)), session));
    }
}
