using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Delivery.Spool;
using Relay.Queueing;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The queue page and its retry and delete, through what <c>relay queue</c> uses: the spool reader (which never
/// changes the spool) and the command inbox the running queue empties every second.
/// </summary>
internal sealed class QueueActions(
    LoadedSettings settings, ConsoleSettings console, IAccountStore accounts, TimeProvider time, ILogger<QueueActions> logger)
{
    private bool QueueMode => settings.Relay.Delivery.Mode == DeliveryMode.Queue;

    private string Spool => QueuePaths.Spool(settings);

    public async Task ShowQueueAsync(HttpContext context, ConsoleSession session)
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
            await ConsoleMailPages.MessageAsync(context, session, StatusCodes.Status400BadRequest, "Not a page", $"'{pageText}' is not a page number.");
            return;
        }

        var size = console.Mail.QueuePageSize;
        var (envelopes, total) = await new SpoolReader(Spool).ListPageAsync((int)Math.Min(int.MaxValue, (page - 1L) * size), size, context.RequestAborted);
        var names = (await accounts.ListAccountsAsync(context.RequestAborted)).ToDictionary(account => account.Id, account => account.Name, StringComparer.Ordinal);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK,
            QueuePage.Render(envelopes, total, page, size, names, time.GetUtcNow(), session.Flash.Take(), session));
    }

    public async Task ShowMessageAsync(HttpContext context, ConsoleSession session)
    {
        if (await QueuedAsync(context, session, context.Request.Query[ConsoleMailRoutes.IdField].ToString()) is not { } envelope)
        {
            return;
        }

        var account = envelope.AccountId is { } id ? (await accounts.FindAccountByIdAsync(id, context.RequestAborted))?.Name ?? id : "-";
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK,
            QueueMessagePage.Render(envelope, account, new SpoolReader(Spool).ContentLength(envelope.Id), time.GetUtcNow(), session));
    }

    public async Task RetryAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        if (await QueuedAsync(context, session, form[ConsoleMailRoutes.IdField].ToString()) is not { } envelope)
        {
            return;
        }

        await new SpoolCommandInbox(Spool).RequestAsync(envelope.Id, SpoolCommand.Retry, context.RequestAborted);
        ConsoleMailLog.RetryRequested(logger, session.UserName, envelope.Id);
        session.Flash.Set(ConsoleMessage.Done($"Retry of {envelope.Id} requested: the queue tries it again within a second."));
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Queue);
    }

    public async Task ConfirmDeleteAsync(HttpContext context, ConsoleSession session)
    {
        if (await QueuedAsync(context, session, context.Request.Query[ConsoleMailRoutes.IdField].ToString()) is not { } envelope)
        {
            return;
        }

        var account = envelope.AccountId is { } id ? (await accounts.FindAccountByIdAsync(id, context.RequestAborted))?.Name ?? id : "-";
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, QueueDeletePage.Render(envelope, account, session));
    }

    public async Task DeleteAsync(HttpContext context, ConsoleSession session, IFormCollection form)
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
        session.Flash.Set(ConsoleMessage.Done($"Deletion of {envelope.Id} requested: the queue removes it within a second."));
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Queue);
    }

    /// <summary>The queued message with this id; null (a page sent) when the queue is off, the id is malformed (400) or unknown (404).</summary>
    private async Task<SpoolEnvelope?> QueuedAsync(HttpContext context, ConsoleSession session, string id)
    {
        if (!QueueMode)
        {
            await ConsoleMailPages.MessageAsync(context, session, StatusCodes.Status404NotFound, "No queue", "Relay runs in session mode: nothing is queued.");
            return null;
        }

        if (!SpoolReader.IsId(id))
        {
            await ConsoleMailPages.MessageAsync(context, session, StatusCodes.Status400BadRequest, "Not a queue id",
                $"'{ConsoleMailPages.Shorten(id)}' is not a queue id (32 hexadecimal digits, as the queue page shows).");
            return null;
        }

        var envelope = await new SpoolReader(Spool).FindAsync(id, context.RequestAborted);
        if (envelope is null)
        {
            await ConsoleMailPages.MessageAsync(context, session, StatusCodes.Status404NotFound, "Not in the queue",
                $"No message {id} in the queue: it may have been delivered or deleted meanwhile.");
        }

        return envelope;
    }
}
