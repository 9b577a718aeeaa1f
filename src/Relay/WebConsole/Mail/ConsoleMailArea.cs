using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Delivery.Spool;
using Relay.Http;
using Relay.Queueing;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The console's operator pages: the queue (through the spool reader and the command inbox, as <c>relay queue</c>),
/// recent outcomes and traffic, accounts and access keys (through the stores <c>relay account</c> and
/// <c>relay access-key</c> use). Every path here is refused (404) to a user who is not an operator. Form posts have
/// passed the CSRF check before they get here; each ends in a redirect with a flash message, except the ones that show
/// a new secret once.
/// </summary>
internal sealed class ConsoleMailArea(
    LoadedSettings settings,
    ConsoleSettings console,
    IAccountStore accounts,
    IAccessKeyStore keys,
    RecentOutcomes outcomes,
    ConsoleFlash flash,
    TimeProvider time,
    ILogger<ConsoleMailArea> logger,
    TrafficHistory? traffic = null,
    Func<ConsoleSession, bool>? isOperator = null)
{
    public const int MaxNameLength = 256;
    private const int SmtpPasswordLength = 24;
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private readonly Func<ConsoleSession, bool> _isOperator = isOperator ?? ConsoleAccess.IsOperator;

    private bool QueueMode => settings.Relay.Delivery.Mode == DeliveryMode.Queue;

    private string Spool => QueuePaths.Spool(settings);

    /// <summary>Answers the request when its path is one of this area's; false (nothing sent) otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, ConsoleSession session, IFormCollection? form)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(session);
        var path = context.Request.Path.Value ?? string.Empty;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        Func<Task>? handler = (isGet, path) switch
        {
            (true, ConsoleMailRoutes.Queue) => () => ShowQueueAsync(context, session),
            (false, ConsoleMailRoutes.QueueRetry) => () => RetryAsync(context, session, form!),
            (true, ConsoleMailRoutes.QueueDelete) => () => ConfirmDeleteAsync(context, session),
            (false, ConsoleMailRoutes.QueueDelete) => () => DeleteAsync(context, session, form!),
            (true, ConsoleMailRoutes.Outcomes) => () => ShowOutcomesAsync(context, session),
            (true, ConsoleMailRoutes.Accounts) => () => ShowAccountsAsync(context, session, StatusCodes.Status200OK, error: null),
            (false, ConsoleMailRoutes.AccountCreate) => () => CreateAccountAsync(context, session, form!),
            (false, ConsoleMailRoutes.AccessKeyCreate) => () => CreateAccessKeyAsync(context, session, form!),
            (false, ConsoleMailRoutes.AccessKeyRevoke) => () => RevokeAccessKeyAsync(context, session, form!),
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

    private async Task ShowQueueAsync(HttpContext context, ConsoleSession session)
    {
        if (!QueueMode)
        {
            await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, QueuePage.NoQueue(session));
            return;
        }

        var pageText = context.Request.Query["page"].ToString();
        var page = 1;
        if (pageText.Length > 0 && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            await MessageAsync(context, session, StatusCodes.Status400BadRequest, "Not a page", $"'{pageText}' is not a page number.");
            return;
        }

        var size = console.Mail.QueuePageSize;
        var (envelopes, total) = await new SpoolReader(Spool).ListPageAsync((int)Math.Min(int.MaxValue, (page - 1L) * size), size, context.RequestAborted);
        var names = (await accounts.ListAccountsAsync(context.RequestAborted)).ToDictionary(account => account.Id, account => account.Name, StringComparer.Ordinal);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK,
            QueuePage.Render(envelopes, total, page, size, names, time.GetUtcNow(), flash.Take(session), session));
    }

    private async Task RetryAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        if (await QueuedAsync(context, session, form[ConsoleMailRoutes.IdField].ToString()) is not { } envelope)
        {
            return;
        }

        await new SpoolCommandInbox(Spool).RequestAsync(envelope.Id, SpoolCommand.Retry, context.RequestAborted);
        ConsoleMailLog.RetryRequested(logger, session.UserName, envelope.Id);
        flash.Set(session, $"Retry of {envelope.Id} requested: the queue tries it again within a second.");
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Queue);
    }

    private async Task ConfirmDeleteAsync(HttpContext context, ConsoleSession session)
    {
        if (await QueuedAsync(context, session, context.Request.Query[ConsoleMailRoutes.IdField].ToString()) is not { } envelope)
        {
            return;
        }

        var account = envelope.AccountId is { } id ? (await accounts.FindAccountByIdAsync(id, context.RequestAborted))?.Name ?? id : "-";
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, QueueDeletePage.Render(envelope, account, session));
    }

    private async Task DeleteAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var id = form[ConsoleMailRoutes.IdField].ToString();
        if (form[ConsoleMailRoutes.ConfirmField] != "yes")
        {
            // Not from the confirmation step: show it.
            ConsoleHttp.Redirect(context, SpoolReader.IsId(id) ? ConsoleMailRoutes.DeleteConfirmation(id) : ConsoleMailRoutes.Queue);
            return;
        }

        if (await QueuedAsync(context, session, id) is not { } envelope)
        {
            return;
        }

        await new SpoolCommandInbox(Spool).RequestAsync(envelope.Id, SpoolCommand.Delete, context.RequestAborted);
        ConsoleMailLog.DeleteRequested(logger, session.UserName, envelope.Id);
        flash.Set(session, $"Deletion of {envelope.Id} requested: the queue removes it within a second.");
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Queue);
    }

    /// <summary>The queued message with this id; null (a page sent) when the queue is off, the id is malformed (400) or unknown (404).</summary>
    private async Task<SpoolEnvelope?> QueuedAsync(HttpContext context, ConsoleSession session, string id)
    {
        if (!QueueMode)
        {
            await MessageAsync(context, session, StatusCodes.Status404NotFound, "No queue", "Relay runs in session mode: nothing is queued.");
            return null;
        }

        if (!SpoolReader.IsId(id))
        {
            await MessageAsync(context, session, StatusCodes.Status400BadRequest, "Not a queue id",
                $"'{Shorten(id)}' is not a queue id (32 hexadecimal digits, as the queue page shows).");
            return null;
        }

        var envelope = await new SpoolReader(Spool).FindAsync(id, context.RequestAborted);
        if (envelope is null)
        {
            await MessageAsync(context, session, StatusCodes.Status404NotFound, "Not in the queue",
                $"No message {id} in the queue: it may have been delivered or deleted meanwhile.");
        }

        return envelope;
    }

    private async Task ShowOutcomesAsync(HttpContext context, ConsoleSession session)
    {
        var all = (await accounts.ListAccountsAsync(context.RequestAborted)).OrderBy(account => account.Name, StringComparer.Ordinal).ToList();
        var name = context.Request.Query[ConsoleMailRoutes.AccountField].ToString();
        Account? selected = null;
        if (name.Length > 0 && (selected = all.FirstOrDefault(account => account.Name == name)) is null)
        {
            await MessageAsync(context, session, StatusCodes.Status404NotFound, "Account not found", $"No account {Shorten(name)}.");
            return;
        }

        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, OutcomesPage.Render(
            outcomes.Newest(selected?.Id), outcomes.Capacity, all, selected,
            traffic?.Buckets(12, TimeSpan.FromMinutes(5)), traffic?.Buckets(24, TimeSpan.FromHours(1)), session));
    }

    private async Task ShowAccountsAsync(HttpContext context, ConsoleSession session, int status, string? error)
    {
        var all = (await accounts.ListAccountsAsync(context.RequestAborted)).OrderBy(account => account.Name, StringComparer.Ordinal).ToList();
        var allKeys = await keys.ListAsync(null, context.RequestAborted);
        await ConsoleHttp.HtmlAsync(context, status, AccountsPage.Render(all, allKeys, error is null ? flash.Take(session) : null, error, session));
    }

    private async Task CreateAccountAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var cancellationToken = context.RequestAborted;
        var name = form[ConsoleForms.NameField].ToString().Trim();
        var smtpUser = form[ConsoleMailRoutes.SmtpUserField].ToString().Trim();
        var contact = form[ConsoleMailRoutes.ContactField].ToString().Trim();
        smtpUser = smtpUser.Length == 0 ? name : smtpUser;
        var error = Invalid("name", name) ?? Invalid("SMTP user name", smtpUser)
            ?? (contact.Length > MaxNameLength || contact.Any(char.IsControl) ? "The contact address is too long or holds control characters." : null);
        if (error is null && await accounts.FindAccountByNameAsync(name, cancellationToken) is not null)
        {
            error = $"There is already an account named {name}.";
        }

        if (error is null && await accounts.FindAccountBySmtpUserNameAsync(smtpUser, cancellationToken) is not null)
        {
            error = $"Another account has the SMTP user name {smtpUser}.";
        }

        if (error is not null)
        {
            await ShowAccountsAsync(context, session, StatusCodes.Status400BadRequest, error);
            return;
        }

        var password = RandomNumberGenerator.GetString(PasswordAlphabet, SmtpPasswordLength);
        // As 'relay account add' makes it: the name is also the id.
        var account = new Account(name, name, smtpUser, SmtpPasswordHasher.Hash(password), contact.Length == 0 ? null : contact);
        await accounts.SaveAccountAsync(account, cancellationToken);
        ConsoleMailLog.AccountCreated(logger, session.UserName, account.Name, account.SmtpUserName);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, SecretShownOncePage.Render(
            $"Account {account.Name} added", "Its SMTP credentials:", [("SMTP user name", account.SmtpUserName), ("SMTP password", password)], session));
    }

    private async Task CreateAccessKeyAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var name = form[ConsoleMailRoutes.AccountField].ToString();
        if (await accounts.FindAccountByNameAsync(name, context.RequestAborted) is not { } account)
        {
            await MessageAsync(context, session, StatusCodes.Status404NotFound, "Account not found", $"No account {Shorten(name)}.");
            return;
        }

        var key = AccessKeyGenerator.Create(account.Id, time.GetUtcNow());
        await keys.AddAsync(key, context.RequestAborted);
        ConsoleMailLog.AccessKeyCreated(logger, session.UserName, key.Id, account.Name);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, SecretShownOncePage.Render(
            $"Access key for {account.Name}", "The new access key, for the SES API and for SMTP:",
            [
                ("AccessKeyId", key.Id), ("SecretAccessKey", key.Secret), ("SMTP user name", key.Id),
                ($"SMTP password (region {settings.Relay.Api.Region})", ApiServices.SmtpPassword(settings, key)),
            ],
            session));
    }

    private async Task RevokeAccessKeyAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var id = form[ConsoleMailRoutes.IdField].ToString();
        var revoked = id.Length is > 0 and <= MaxNameLength && await keys.RevokeAsync(id, time.GetUtcNow(), context.RequestAborted);
        if (revoked)
        {
            ConsoleMailLog.AccessKeyRevoked(logger, session.UserName, id);
        }

        flash.Set(session, revoked ? $"Access key {id} revoked." : $"No active access key {Shorten(id)}.");
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Accounts);
    }

    private static string? Invalid(string what, string value) =>
        value.Length == 0 ? $"Enter the {what}."
        : value.Length > MaxNameLength ? $"The {what} is longer than {MaxNameLength} characters."
        : value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) ? $"The {what} must not hold spaces or control characters."
        : null;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static Task MessageAsync(HttpContext context, ConsoleSession session, int status, string title, string message) =>
        ConsoleHttp.HtmlAsync(context, status, ConsoleLayout.Render(title,
            $"""<p>{Html.Encode(message)}</p><p><a href="{ConsoleMailRoutes.Queue}">Queue</a> · <a href="{ConsoleMailRoutes.Accounts}">Accounts</a></p>""", session));
}
