using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The console's operator pages: the queue (<see cref="QueueActions"/>), recent outcomes and traffic
/// (<see cref="OutcomesView"/>), accounts and access keys (<see cref="AccountActions"/>). Every path here is refused
/// (404, as for no page at all) to a user who is not an operator (a tenant). Form posts
/// have passed the CSRF check before they get here.
/// </summary>
internal sealed class ConsoleMailArea(QueueActions queue, OutcomesView outcomes, AccountActions accounts, ILogger<ConsoleMailArea> logger)
    : IConsoleArea
{
    public void Map(ConsoleRouteTable routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Get(ConsoleMailRoutes.Queue, OperatorOnly(r => queue.ShowQueueAsync(r.Context, r.Session)));
        routes.Get(ConsoleMailRoutes.QueueMessage, OperatorOnly(r => queue.ShowMessageAsync(r.Context, r.Session)));
        routes.Post(ConsoleMailRoutes.QueueRetry, OperatorOnly(r => queue.RetryAsync(r.Context, r.Session, r.Form)));
        routes.Get(ConsoleMailRoutes.QueueDelete, OperatorOnly(r => queue.ConfirmDeleteAsync(r.Context, r.Session)));
        routes.Post(ConsoleMailRoutes.QueueDelete, OperatorOnly(r => queue.DeleteAsync(r.Context, r.Session, r.Form)));
        routes.Get(ConsoleMailRoutes.Outcomes, OperatorOnly(r => outcomes.ShowOutcomesAsync(r.Context, r.Session)));
        routes.Get(ConsoleMailRoutes.Accounts,
            OperatorOnly(r => accounts.ShowAccountsAsync(r.Context, r.Session, StatusCodes.Status200OK, error: null)));
        routes.Post(ConsoleMailRoutes.AccountCreate, OperatorOnly(r => accounts.CreateAccountAsync(r.Context, r.Session, r.Form)));
        routes.Post(ConsoleMailRoutes.AccountSmtpPassword, OperatorOnly(r => accounts.NewSmtpPasswordAsync(r.Context, r.Session, r.Form)));
        routes.Get(ConsoleMailRoutes.AccountRevokeCredentials, OperatorOnly(r => accounts.ConfirmRevokeCredentialsAsync(r.Context, r.Session)));
        routes.Post(ConsoleMailRoutes.AccountRevokeCredentials,
            OperatorOnly(r => accounts.RevokeCredentialsAsync(r.Context, r.Session, r.Form)));
        routes.Post(ConsoleMailRoutes.AccessKeyCreate, OperatorOnly(r => accounts.CreateAccessKeyAsync(r.Context, r.Session, r.Form)));
        routes.Post(ConsoleMailRoutes.AccessKeyRevoke, OperatorOnly(r => accounts.RevokeAccessKeyAsync(r.Context, r.Session, r.Form)));
    }

    private ConsoleHandler OperatorOnly(ConsoleHandler handler) => async request =>
    {
        if (!request.Session.IsOperator)
        {
            ConsoleMailLog.NotAnOperator(logger, request.Session.UserName, request.Context.Request.Path.Value ?? string.Empty);
            await ConsoleHttp.HtmlAsync(request.Context, StatusCodes.Status404NotFound,
                ConsoleLayout.Render("Not found", $"""<p>No such page. <a href="{ConsoleRoutes.Identities}">Identities</a></p>""", request.Session));
            return;
        }

        await handler(request);
    };
}
