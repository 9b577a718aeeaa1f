using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The console's operator pages: the queue (<see cref="QueueActions"/>), recent outcomes and traffic
/// (<see cref="OutcomesView"/>), accounts and access keys (<see cref="AccountActions"/>). Every path here is refused
/// (404, as for no page at all) to a user who is not an operator (<see cref="ConsoleAccess.IsOperator"/>). Form posts
/// have passed the CSRF check before they get here.
/// </summary>
internal sealed class ConsoleMailArea(
    QueueActions queue,
    OutcomesView outcomes,
    AccountActions accounts,
    ILogger<ConsoleMailArea> logger,
    Func<ConsoleSession, bool>? isOperator = null)
{
    private readonly Func<ConsoleSession, bool> _isOperator = isOperator ?? ConsoleAccess.IsOperator;

    /// <summary>Answers the request when its path is one of this area's; false (nothing sent) otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, ConsoleSession session, IFormCollection? form)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        var path = context.Request.Path.Value ?? string.Empty;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        var posted = form ?? new FormCollection([]);
        Func<Task>? handler = (isGet, path) switch
        {
            (true, ConsoleMailRoutes.Queue) => () => queue.ShowQueueAsync(context, session),
            (true, ConsoleMailRoutes.QueueMessage) => () => queue.ShowMessageAsync(context, session),
            (false, ConsoleMailRoutes.QueueRetry) => () => queue.RetryAsync(context, session, posted),
            (true, ConsoleMailRoutes.QueueDelete) => () => queue.ConfirmDeleteAsync(context, session),
            (false, ConsoleMailRoutes.QueueDelete) => () => queue.DeleteAsync(context, session, posted),
            (true, ConsoleMailRoutes.Outcomes) => () => outcomes.ShowOutcomesAsync(context, session),
            (true, ConsoleMailRoutes.Accounts) => () => accounts.ShowAccountsAsync(context, session, StatusCodes.Status200OK, error: null),
            (false, ConsoleMailRoutes.AccountCreate) => () => accounts.CreateAccountAsync(context, session, posted),
            (false, ConsoleMailRoutes.AccountSmtpPassword) => () => accounts.NewSmtpPasswordAsync(context, session, posted),
            (true, ConsoleMailRoutes.AccountRevokeCredentials) => () => accounts.ConfirmRevokeCredentialsAsync(context, session),
            (false, ConsoleMailRoutes.AccountRevokeCredentials) => () => accounts.RevokeCredentialsAsync(context, session, posted),
            (false, ConsoleMailRoutes.AccessKeyCreate) => () => accounts.CreateAccessKeyAsync(context, session, posted),
            (false, ConsoleMailRoutes.AccessKeyRevoke) => () => accounts.RevokeAccessKeyAsync(context, session, posted),
            _ => null,
        };
        if (handler is null)
        {
            return false;
        }

        if (!_isOperator(session))
        {
            ConsoleMailLog.NotAnOperator(logger, session.UserName, path);
            await ConsoleHttp.HtmlAsync(context, StatusCodes.Status404NotFound,
                ConsoleLayout.Render("Not found", $"""<p>No such page. <a href="{ConsoleRoutes.Identities}">Identities</a></p>""", session));
            return true;
        }

        await handler();
        return true;
    }
}
