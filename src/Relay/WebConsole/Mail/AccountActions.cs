using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Http;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Accounts and access keys, through the stores <c>relay account add</c> and <c>relay access-key create|revoke</c>
/// use; a new SMTP password or secret is shown on the answer to the post, once, never redirected to.
/// </summary>
internal sealed class AccountActions(
    LoadedSettings settings, IAccountStore accounts, IAccessKeyStore keys, TimeProvider time, ILogger<AccountActions> logger)
{
    public const int MaxNameLength = 256;
    private const int SmtpPasswordLength = 24;
    // Letters and digits without look-alikes (0/O, 1/l/I), so a password read off the screen is typed right; 24 of them are 140 bits.
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task ShowAccountsAsync(HttpContext context, ConsoleSession session, int status, string? error)
    {
        var all = (await accounts.ListAccountsAsync(context.RequestAborted)).OrderBy(account => account.Name, StringComparer.Ordinal).ToList();
        var allKeys = await keys.ListAsync(null, context.RequestAborted);
        await ConsoleHttp.HtmlAsync(context, status, AccountsPage.Render(all, allKeys, error is null ? session.Flash.Take() : null, error, session));
    }

    public async Task CreateAccountAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var cancellationToken = context.RequestAborted;
        var name = form[ConsoleForms.NameField].ToString().Trim();
        var smtpUser = form[ConsoleMailRoutes.SmtpUserField].ToString().Trim();
        var contact = form[ConsoleMailRoutes.ContactField].ToString().Trim();
        smtpUser = smtpUser.Length == 0 ? name : smtpUser;
        var error = Invalid("name", name) ?? Invalid("SMTP user name", smtpUser)
            ?? (contact.Length > MaxNameLength || contact.Any(char.IsControl) ? "The contact address is too long or holds control characters." : null);
        // The name becomes the id, as 'relay account add' makes it: an account with that id under another name would be replaced.
        if (error is null && (await accounts.FindAccountByNameAsync(name, cancellationToken) ?? await accounts.FindAccountByIdAsync(name, cancellationToken)) is not null)
        {
            error = $"There is already an account named {name} (or with that id).";
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
        var account = new Account(name, name, smtpUser, SmtpPasswordHasher.Hash(password), contact.Length == 0 ? null : contact);
        await accounts.SaveAccountAsync(account, cancellationToken);
        ConsoleMailLog.AccountCreated(logger, session.UserName, account.Name, account.SmtpUserName);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, SecretShownOncePage.Render(
            $"Account {account.Name} added", "Its SMTP credentials:", [("SMTP user name", account.SmtpUserName), ("SMTP password", password)], session));
    }

    /// <summary>Replaces the account's SMTP password with a new one Relay makes, shown once (as <c>relay account add</c> with a new password).</summary>
    public async Task NewSmtpPasswordAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        if (await AccountAsync(context, session, form[ConsoleMailRoutes.AccountField].ToString()) is not { } account)
        {
            return;
        }

        var password = RandomNumberGenerator.GetString(PasswordAlphabet, SmtpPasswordLength);
        await accounts.SaveAccountAsync(account with { SmtpPasswordHash = SmtpPasswordHasher.Hash(password) }, context.RequestAborted);
        ConsoleMailLog.SmtpPasswordReplaced(logger, session.UserName, account.Name);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, SecretShownOncePage.Render(
            $"New SMTP password for {account.Name}", "The old one no longer works. Its SMTP credentials:",
            [("SMTP user name", account.SmtpUserName), ("SMTP password", password)], session));
    }

    public async Task ConfirmRevokeCredentialsAsync(HttpContext context, ConsoleSession session)
    {
        if (await AccountAsync(context, session, context.Request.Query[ConsoleMailRoutes.AccountField].ToString()) is not { } account)
        {
            return;
        }

        var active = (await keys.ListAsync(account.Id, context.RequestAborted)).Count(key => key.IsActive);
        await ConsoleHttp.HtmlAsync(context, StatusCodes.Status200OK, RevokeCredentialsPage.Render(account, active, session));
    }

    /// <summary>
    /// Revokes every active access key of the account and replaces its SMTP password with one nobody is shown: nothing
    /// authenticates as the account any more until it gets a new SMTP password or access key. Its identities stay.
    /// </summary>
    public async Task RevokeCredentialsAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var name = form[ConsoleMailRoutes.AccountField].ToString();
        if (form[ConsoleMailRoutes.ConfirmField] != "yes")
        {
            ConsoleHttp.Redirect(context, ConsoleMailRoutes.RevokeCredentialsConfirmation(name));
            return;
        }

        if (await AccountAsync(context, session, name) is not { } account)
        {
            return;
        }

        var cancellationToken = context.RequestAborted;
        var now = time.GetUtcNow();
        var revoked = 0;
        foreach (var key in (await keys.ListAsync(account.Id, cancellationToken)).Where(key => key.IsActive))
        {
            revoked += await keys.RevokeAsync(key.Id, now, cancellationToken) ? 1 : 0;
        }

        var unknowable = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await accounts.SaveAccountAsync(account with { SmtpPasswordHash = SmtpPasswordHasher.Hash(unknowable) }, cancellationToken);
        ConsoleMailLog.CredentialsRevoked(logger, session.UserName, account.Name, revoked);
        session.Flash.Set(ConsoleMessage.Done($"Credentials of {account.Name} revoked: {revoked} access key(s), and the SMTP password (a new one, or a new access key, lets it send again)."));
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Accounts);
    }

    public async Task CreateAccessKeyAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        if (await AccountAsync(context, session, form[ConsoleMailRoutes.AccountField].ToString()) is not { } account)
        {
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

    public async Task RevokeAccessKeyAsync(HttpContext context, ConsoleSession session, IFormCollection form)
    {
        var id = form[ConsoleMailRoutes.IdField].ToString();
        var revoked = id.Length is > 0 and <= MaxNameLength && await keys.RevokeAsync(id, time.GetUtcNow(), context.RequestAborted);
        if (revoked)
        {
            ConsoleMailLog.AccessKeyRevoked(logger, session.UserName, id);
        }

        session.Flash.Set(ConsoleMessage.Done(revoked ? $"Access key {id} revoked." : $"No active access key {ConsoleMailPages.Shorten(id)}."));
        ConsoleHttp.Redirect(context, ConsoleMailRoutes.Accounts);
    }

    /// <summary>The account of this name; null (404 sent) when there is none.</summary>
    private async Task<Account?> AccountAsync(HttpContext context, ConsoleSession session, string name)
    {
        var account = name.Length is > 0 and <= MaxNameLength ? await accounts.FindAccountByNameAsync(name, context.RequestAborted) : null;
        if (account is null)
        {
            await ConsoleMailPages.MessageAsync(context, session, StatusCodes.Status404NotFound, "Account not found", $"No account {ConsoleMailPages.Shorten(name)}.");
        }

        return account;
    }

    private static string? Invalid(string what, string value) =>
        value.Length == 0 ? $"Enter the {what}."
        : value.Length > MaxNameLength ? $"The {what} is longer than {MaxNameLength} characters."
        : value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) ? $"The {what} must not hold spaces or control characters."
        : null;
}
