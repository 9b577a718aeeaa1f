using System.Text;
using Microsoft.AspNetCore.Http;
using Relay.Cli;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Identities;

/// <summary>
/// The identities part of the console: the list, an identity's page, its record downloads, the add and delete pages,
/// and (through <see cref="IdentityActions"/>) every change. All through <see cref="IIdentityManagement"/>, as the CLI
/// and the API, within the accounts the user may see (<see cref="ConsoleAccounts"/>).
/// </summary>
internal sealed class IdentityArea(
    ConsoleAccounts accounts, IIdentityManagement identities, IIdentityHistoryStore history, IdentityLifecycleOptions options, IdentityTargets targets,
    IdentityActions actions) : IConsoleArea
{
    public void Map(ConsoleRouteTable routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Get(ConsoleRoutes.Identities, ShowListAsync);
        routes.Get(ConsoleRoutes.Identity, ShowIdentityAsync);
        routes.Get(IdentityRoutes.New, ShowNewAsync);
        routes.Get(IdentityRoutes.Delete, ShowDeleteAsync);
        routes.Get(IdentityRoutes.RecordsCsv, request => DownloadAsync(request, "csv", "text/csv", ".csv"));
        routes.Get(IdentityRoutes.RecordsZone, request => DownloadAsync(request, "zone", "text/plain", ".zone"));
        actions.Map(routes);
    }

    private async Task ShowListAsync(ConsoleRequest request)
    {
        var list = new List<(Account, IReadOnlyList<Identity>)>();
        foreach (var account in await accounts.VisibleAsync(request.Session, request.Aborted))
        {
            list.Add((account, await identities.ListAsync(account.Id, request.Aborted)));
        }

        await ConsoleHttp.HtmlAsync(request.Context, StatusCodes.Status200OK, IdentityListPage.Render(list, request.Session, request.Session.Flash.Take()));
    }

    private async Task ShowIdentityAsync(ConsoleRequest request)
    {
        var (accountName, name) = (request.Query("account"), request.Query("name"));
        if (await targets.FindAsync(request, accountName, name) is not var (account, identity))
        {
            await IdentityTargets.NotFoundAsync(request, accountName, name);
            return;
        }

        // Read for the identity the tenant check found, so that a tenant sees its own account's history only.
        var rows = await history.ListHistoryAsync(account.Id, identity.Name, options.HistoryPerIdentity, request.Aborted);
        var page = IdentityPage.Render(account, identity, identities.RecordsFor(identity), rows, request.Session, request.Session.Flash.Take());
        await ConsoleHttp.HtmlAsync(request.Context, StatusCodes.Status200OK, page);
    }

    private async Task ShowNewAsync(ConsoleRequest request) =>
        await ConsoleHttp.HtmlAsync(request.Context, StatusCodes.Status200OK,
            NewIdentityPage.Render(await accounts.VisibleAsync(request.Session, request.Aborted), request.Session, request.Session.Flash.Take()));

    private async Task ShowDeleteAsync(ConsoleRequest request)
    {
        var (accountName, name) = (request.Query("account"), request.Query("name"));
        if (await targets.FindAsync(request, accountName, name) is not var (account, identity))
        {
            await IdentityTargets.NotFoundAsync(request, accountName, name);
            return;
        }

        await ConsoleHttp.HtmlAsync(request.Context, StatusCodes.Status200OK, DeleteIdentityPage.Render(account, identity, request.Session));
    }

    /// <summary>The records in the format <c>relay identity records --format</c> gives, by the same formatter.</summary>
    private async Task DownloadAsync(ConsoleRequest request, string format, string contentType, string extension)
    {
        var (accountName, name) = (request.Query("account"), request.Query("name"));
        if (await targets.FindAsync(request, accountName, name) is not var (_, identity))
        {
            await IdentityTargets.NotFoundAsync(request, accountName, name);
            return;
        }

        var text = DnsRecordFormats.Format(identities.RecordsFor(identity), format);
        var response = request.Context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType + "; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(identity.Name)}-records{extension}\"";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), request.Aborted);
    }

    private static string FileName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_' or '@' ? character : '_');
        }

        return safe.ToString();
    }
}
