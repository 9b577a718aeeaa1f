using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole;

/// <summary>
/// Routes the console: the stylesheet and the sign-in page are open, every other page needs a live session (else a
/// redirect to sign-in), and every form post needs the CSRF token of its session (sign-in: of its cookie), before
/// anything else is looked at. The pages and form posts past that gate are the areas' (<see cref="ConsoleRouteTable"/>).
/// </summary>
internal sealed class ConsoleApplication(
    ConsoleEndPoint endPoint,
    ConsoleSessionStore sessions,
    SignInThrottle throttle,
    ConsoleUsers users,
    ConsoleRouteTable routes,
    ILogger<ConsoleApplication> logger)
{
    private const int MaxNameLength = 256;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await RouteAsync(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault of Relay's own (the store, a bug): the log gets the details, the browser one line and no stack trace.
            ConsoleLog.Failed(logger, ex, context.Request.Method, context.Request.Path.Value ?? "/");
            if (!context.Response.HasStarted)
            {
                await ConsoleHttp.HtmlAsync(context, StatusCodes.Status500InternalServerError,
                    ConsoleLayout.Render("Something went wrong", "<p>Relay could not answer this page; the operator's log says why.</p>", session: null));
            }
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? ConsoleRoutes.Home;
        var isGet = HttpMethods.IsGet(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);
        if (!isGet && !isPost)
        {
            context.Response.Headers.Allow = "GET, POST";
            await ConsoleHttp.HtmlAsync(context, StatusCodes.Status405MethodNotAllowed, ConsoleLayout.Render("Method not allowed", string.Empty, session: null));
            return;
        }

        if (isGet && path == ConsoleRoutes.Stylesheet)
        {
            await ConsoleHttp.StylesheetAsync(context, ConsoleStylesheet.Text);
            return;
        }

        var session = sessions.Find(request.Cookies[ConsoleForms.SessionCookie]);
        if (path == ConsoleRoutes.SignIn)
        {
            await (isGet ? ShowSignInAsync(context, session) : SignInAsync(context));
            return;
        }

        if (session is null)
        {
            ConsoleHttp.Redirect(context, ConsoleRoutes.SignIn);
            return;
        }

        IFormCollection? form = null;
        if (isPost)
        {
            form = await ReadFormAsync(context);
            if (form is null || !await CheckCsrfAsync(context, form[ConsoleForms.CsrfField], session.CsrfToken))
            {
                return;
            }
        }

        switch (isGet, path)
        {
            case (true, ConsoleRoutes.Home):
                ConsoleHttp.Redirect(context, ConsoleRoutes.Identities);
                break;
            case (false, ConsoleRoutes.SignOut):
                sessions.Remove(request.Cookies[ConsoleForms.SessionCookie]);
                ConsoleHttp.DeleteCookie(context, ConsoleForms.SessionCookie, endPoint.Https);
                ConsoleLog.SignedOut(logger, session.UserName);
                ConsoleHttp.Redirect(context, ConsoleRoutes.SignIn);
                break;
            default:
                if (routes.Find(isPost, path) is { } handler)
                {
                    await handler(new ConsoleRequest(context, session, form));
                    break;
                }

                await ConsoleHttp.HtmlAsync(context, StatusCodes.Status404NotFound,
                    ConsoleLayout.Render("Not found", $"""<p>No such page. <a href="{ConsoleRoutes.Identities}">Identities</a></p>""", session));
                break;
        }
    }

    private async Task ShowSignInAsync(HttpContext context, ConsoleSession? session)
    {
        if (session is not null)
        {
            ConsoleHttp.Redirect(context, ConsoleRoutes.Identities);
            return;
        }

        await SignInFormAsync(context, StatusCodes.Status200OK, error: null);
    }

    /// <summary>A fresh sign-in form, its CSRF token in a cookie of its own as well as in the form.</summary>
    private Task SignInFormAsync(HttpContext context, int status, string? error)
    {
        var token = RandomTokens.New();
        ConsoleHttp.SetCookie(context, ConsoleForms.SignInCookie, token, endPoint.Https);
        return ConsoleHttp.HtmlAsync(context, status, SignInPage.Render(token, error));
    }

    private async Task SignInAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context);
        if (form is null || !await CheckCsrfAsync(context, form[ConsoleForms.CsrfField], context.Request.Cookies[ConsoleForms.SignInCookie]))
        {
            return;
        }

        var name = form[ConsoleForms.NameField].ToString().Trim();
        var password = form[ConsoleForms.PasswordField].ToString();
        if (name.Length == 0 || password.Length == 0 || name.Length > MaxNameLength)
        {
            await SignInFormAsync(context, StatusCodes.Status400BadRequest, "Enter your name and password.");
            return;
        }

        var address = context.Connection.RemoteIpAddress;
        if (throttle.IsBlocked(name, address))
        {
            ConsoleLog.SignInThrottled(logger, users.ForLog(name), address);
            await SignInFormAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed sign-ins. Wait a few minutes and try again.");
            return;
        }

        var user = await users.VerifyAsync(name, password, context.RequestAborted);
        if (user is null)
        {
            throttle.RecordFailure(name, address);
            ConsoleLog.SignInFailed(logger, users.ForLog(name), address);
            await SignInFormAsync(context, StatusCodes.Status401Unauthorized, "The name or the password is wrong.");
            return;
        }

        throttle.RecordSuccess(name);
        // A new id at every sign-in: an id planted before it (session fixation) is worth nothing after.
        sessions.Remove(context.Request.Cookies[ConsoleForms.SessionCookie]);
        var (id, _) = sessions.Create(user.Name, user.EffectiveRole == ConsoleUserRole.Tenant ? user.Account.Trim() : null);
        ConsoleHttp.SetCookie(context, ConsoleForms.SessionCookie, id, endPoint.Https);
        ConsoleHttp.DeleteCookie(context, ConsoleForms.SignInCookie, endPoint.Https);
        ConsoleLog.SignedIn(logger, user.Name, address);
        ConsoleHttp.Redirect(context, ConsoleRoutes.Identities);
    }

    /// <summary>The posted form; null (400 sent) when the body is not a form or not a readable one.</summary>
    private async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        var request = context.Request;
        string reason;
        if (request.HasFormContentType)
        {
            try
            {
                return await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException ex)
            {
                reason = "malformed form: " + ex.Message;
            }
            catch (BadHttpRequestException ex)
            {
                reason = "unreadable body: " + ex.Message;
            }
        }
        else
        {
            reason = "not a form";
        }

        await RefuseAsync(context, StatusCodes.Status400BadRequest, reason);
        return null;
    }

    /// <summary>True when the form's token is the expected one; otherwise 400 (no token) or 403 (a wrong one) is sent.</summary>
    private async Task<bool> CheckCsrfAsync(HttpContext context, string? given, string? expected)
    {
        if (string.IsNullOrEmpty(given))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "no CSRF token");
            return false;
        }

        if (!RandomTokens.Same(given, expected))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "wrong CSRF token");
            return false;
        }

        return true;
    }

    private Task RefuseAsync(HttpContext context, int status, string reason)
    {
        ConsoleLog.FormRefused(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Connection.RemoteIpAddress, reason);
        var body = $"""<p>This form was refused: it did not come from a page of this console, or that page is too old. <a href="{ConsoleRoutes.Identities}">Start again</a>.</p>""";
        return ConsoleHttp.HtmlAsync(context, status, ConsoleLayout.Render("Form refused", body, session: null));
    }
}
