using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Identities;

/// <summary>
/// Every change the console makes to identities, one form post each, through <see cref="IIdentityManagement"/>.
/// A change done or refused goes back to the page it came from with one line saying so (post, redirect, get);
/// an identity the user may not see is 404, as a missing one.
/// </summary>
internal sealed class IdentityActions(
    ConsoleAccounts accounts, IIdentityManagement identities, IdentityTargets targets, ILogger<IdentityActions> logger)
{
    /// <summary>The longest private key read from the form or its file (a 4096-bit RSA key in PEM is about 3.3 KB).</summary>
    public const int MaxPrivateKeyLength = 8 * 1024;

    public void Map(ConsoleRouteTable routes)
    {
        routes.Post(IdentityRoutes.CreateDomain, CreateDomainAsync);
        routes.Post(IdentityRoutes.CreateEmail, CreateEmailAsync);
        routes.Post(IdentityRoutes.Check, request => ChangeAsync(request, "check", CheckAsync));
        routes.Post(IdentityRoutes.Rotate, request => ChangeAsync(request, "rotate", RotateAsync));
        routes.Post(IdentityRoutes.KeyLength, request => ChangeAsync(request, "key length", KeyLengthAsync));
        routes.Post(IdentityRoutes.Signing, request => ChangeAsync(request, "signing", SigningAsync));
        routes.Post(IdentityRoutes.DkimKeys, request => ChangeAsync(request, "DKIM keys", DkimKeysAsync));
        routes.Post(IdentityRoutes.Ed25519, request => ChangeAsync(request, "Ed25519", Ed25519Async));
        routes.Post(IdentityRoutes.Delete, DeleteAsync);
    }

    private async Task CreateDomainAsync(ConsoleRequest request)
    {
        var byodkim = request.Field(IdentityRoutes.OriginField) == "byodkim";
        var values = NewIdentityValues.Empty with
        {
            Account = request.Field(IdentityRoutes.AccountField),
            Domain = request.Field(IdentityRoutes.IdentityField).Trim(),
            Byodkim = byodkim,
            Selector = request.Field(IdentityRoutes.SelectorField).Trim(),
        };
        DkimSigningRequest signing;
        if (byodkim)
        {
            var key = await PrivateKeyAsync(request);
            if (key is null)
            {
                await CreateRefusedAsync(request, values, StatusCodes.Status400BadRequest,
                    $"The private key is longer than {MaxPrivateKeyLength} characters; a DKIM key in PEM is far shorter.");
                return;
            }

            signing = new DkimSigningRequest(DkimSigningOrigin.External, Selector: values.Selector, PrivateKey: key);
        }
        else
        {
            if (!SesNames.TryParseKeyLength(request.Field(IdentityRoutes.LengthField), out var length))
            {
                await CreateRefusedAsync(request, values, StatusCodes.Status400BadRequest, "Choose a key length of 1024 or 2048 bits.");
                return;
            }

            signing = new DkimSigningRequest(DkimSigningOrigin.AwsSes, length);
        }

        await CreateAsync(request, values, values.Domain, signing,
            identity => byodkim
                ? $"Added {identity.Name} with your key: publish its TXT record below."
                : $"Added {identity.Name}: publish the three CNAME records below, then check now.");
    }

    private Task CreateEmailAsync(ConsoleRequest request)
    {
        var values = NewIdentityValues.Empty with
        {
            Account = request.Field(IdentityRoutes.AccountField),
            Address = request.Field(IdentityRoutes.IdentityField).Trim(),
        };
        return CreateAsync(request, values, values.Address, signing: null,
            identity => $"Added {identity.Name}: a confirmation link was mailed to it; it is verified once the link is followed.");
    }

    private async Task CreateAsync(
        ConsoleRequest request, NewIdentityValues values, string name, DkimSigningRequest? signing, Func<Identity, string> done)
    {
        var account = await accounts.FindAsync(request.Session, values.Account, request.Aborted);
        if (account is null)
        {
            await IdentityTargets.NotFoundAsync(request, values.Account, name);
            return;
        }

        try
        {
            var identity = await identities.CreateIdentityAsync(account.Id, name, signing, request.Aborted);
            IdentityLog.Changed(logger, request.Session.UserName, "create", identity.Name, account.Id);
            request.Session.Flash.Set(ConsoleMessage.Done(done(identity)));
            ConsoleHttp.Redirect(request.Context, ConsoleRoutes.IdentityOf(account.Name, identity.Name));
        }
        catch (IdentityOperationException ex)
        {
            IdentityLog.Refused(logger, request.Session.UserName, "create", name, account.Id, ex.Message);
            await CreateRefusedAsync(request, values, StatusFor(ex.Kind), ex.Message);
        }
    }

    private async Task CreateRefusedAsync(ConsoleRequest request, NewIdentityValues values, int status, string reason)
    {
        var page = NewIdentityPage.Render(
            await accounts.VisibleAsync(request.Session, request.Aborted), request.Session, ConsoleMessage.Refused("Not added: " + reason), values);
        await ConsoleHttp.HtmlAsync(request.Context, status, page);
    }

    /// <summary>The pasted key, else the uploaded file's; null when longer than <see cref="MaxPrivateKeyLength"/>.</summary>
    private static async Task<string?> PrivateKeyAsync(ConsoleRequest request)
    {
        var pasted = request.Field(IdentityRoutes.PrivateKeyField);
        if (pasted.Trim().Length > 0 || request.File(IdentityRoutes.PrivateKeyFileField) is not { Length: > 0 } file)
        {
            return pasted.Length > MaxPrivateKeyLength ? null : pasted;
        }

        if (file.Length > MaxPrivateKeyLength)
        {
            return null;
        }

        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(request.Aborted);
    }

    private async Task<string> CheckAsync(ConsoleRequest request, Account account, Identity identity)
    {
        var checkedNow = await identities.CheckNowAsync(account.Id, identity.Name, request.Aborted);
        var records = checkedNow.DkimCheck.Records.Concat(checkedNow.VerificationCheck.Records).ToList();
        var found = records.Count(record => record.Outcome == "Found");
        var statuses = checkedNow.Type == IdentityType.Domain
            ? $"DKIM {SesNames.Status(checkedNow.DkimStatus)}, verification {SesNames.Status(checkedNow.VerificationStatus)}"
            : $"verification {SesNames.Status(checkedNow.VerificationStatus)}";
        return records.Count == 0 ? $"Checked now: {statuses}." : $"Checked now: {statuses}; {found} of {records.Count} records right (see below).";
    }

    private async Task<string> RotateAsync(ConsoleRequest request, Account account, Identity identity)
    {
        var rotated = await identities.RotateAsync(account.Id, identity.Name, request.Aborted);
        return rotated.StagedDkim is { } stage
            ? $"New key made behind {stage.Token}: the CNAME records stay as they are; Relay signs with it from {IdentityStates.Time(stage.SwitchAfter)}, once the key zone serves it."
            : "New keys made behind the same tokens: the CNAME records stay as they are.";
    }

    private async Task<string> KeyLengthAsync(ConsoleRequest request, Account account, Identity identity)
    {
        if (identity.DkimOrigin == DkimSigningOrigin.External)
        {
            // SES would switch a BYODKIM domain to Easy DKIM here; a key length form should not do that unasked.
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, $"{identity.Name} signs with its own key (BYODKIM), which has no key length to choose.");
        }

        if (!SesNames.TryParseKeyLength(request.Field(IdentityRoutes.LengthField), out var length))
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "Choose a key length of 1024 or 2048 bits.");
        }

        await identities.SetSigningAttributesAsync(account.Id, identity.Name, new DkimSigningRequest(DkimSigningOrigin.AwsSes, length), request.Aborted);
        return $"Key length set to {(int)length} bits: new keys of that length replace the current ones once their records are served.";
    }

    /// <summary>The customer's own key (a first one, or a new one), or back to Easy DKIM: SES's PutEmailIdentityDkimSigningAttributes.</summary>
    private async Task<string> DkimKeysAsync(ConsoleRequest request, Account account, Identity identity)
    {
        DkimSigningRequest signing;
        if (request.Field(IdentityRoutes.OriginField) == "byodkim")
        {
            var key = await PrivateKeyAsync(request)
                ?? throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, $"The private key is longer than {MaxPrivateKeyLength} characters.");
            signing = new DkimSigningRequest(DkimSigningOrigin.External, Selector: request.Field(IdentityRoutes.SelectorField).Trim(), PrivateKey: key);
        }
        else if (SesNames.TryParseKeyLength(request.Field(IdentityRoutes.LengthField), out var length))
        {
            signing = new DkimSigningRequest(DkimSigningOrigin.AwsSes, length);
        }
        else
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "Choose a key length of 1024 or 2048 bits.");
        }

        var changed = await identities.SetSigningAttributesAsync(account.Id, identity.Name, signing, request.Aborted);
        var kind = signing.Origin == DkimSigningOrigin.External ? "Your key" : "Easy DKIM keys";
        return changed.PendingDkim is not null
            ? $"{kind} set: publish the new records below; the current keys sign until they verify."
            : $"{kind} set: publish the records below.";
    }

    /// <summary>Relay's extension: an Ed25519 key made by Relay beside the RSA keys (a fourth CNAME), or none.</summary>
    private async Task<string> Ed25519Async(ConsoleRequest request, Account account, Identity identity)
    {
        var enabled = request.Field(IdentityRoutes.EnabledField) switch
        {
            "true" => true,
            "false" => false,
            _ => throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "The Ed25519 key must be added or removed."),
        };
        var changed = await identities.SetEd25519Async(account.Id, identity.Name, enabled ? Ed25519DkimRequest.Easy : Ed25519DkimRequest.Off, request.Aborted);
        return changed.Ed25519 is { } ed25519
            ? $"Ed25519 key under {ed25519.Key.Selector}: publish its record below; it signs beside the RSA key once that verifies."
            : "No Ed25519 key: RSA signatures only. Its record may be removed from DNS.";
    }

    private async Task<string> SigningAsync(ConsoleRequest request, Account account, Identity identity)
    {
        var enabled = request.Field(IdentityRoutes.EnabledField) switch
        {
            "true" => true,
            "false" => false,
            _ => throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "Signing must be enabled or disabled."),
        };
        await identities.SetSigningEnabledAsync(account.Id, identity.Name, enabled, request.Aborted);
        return enabled ? "DKIM signing enabled." : "DKIM signing disabled: Relay no longer adds this domain's signature.";
    }

    private async Task DeleteAsync(ConsoleRequest request)
    {
        var (accountName, name) = (request.Field(IdentityRoutes.AccountField), request.Field(IdentityRoutes.IdentityField));
        if (await targets.FindAsync(request, accountName, name) is not var (account, identity)
            || !await identities.DeleteAsync(account.Id, identity.Name, request.Aborted))
        {
            await IdentityTargets.NotFoundAsync(request, accountName, name);
            return;
        }

        IdentityLog.Changed(logger, request.Session.UserName, "delete", identity.Name, account.Id);
        request.Session.Flash.Set(ConsoleMessage.Done($"Deleted {identity.Name} of account {account.Name}."));
        ConsoleHttp.Redirect(request.Context, ConsoleRoutes.Identities);
    }

    /// <summary>Runs one change of an identity the user may see and goes back to its page saying what happened.</summary>
    private async Task ChangeAsync(ConsoleRequest request, string action, Func<ConsoleRequest, Account, Identity, Task<string>> change)
    {
        var (accountName, name) = (request.Field(IdentityRoutes.AccountField), request.Field(IdentityRoutes.IdentityField));
        if (await targets.FindAsync(request, accountName, name) is not var (account, identity))
        {
            await IdentityTargets.NotFoundAsync(request, accountName, name);
            return;
        }

        ConsoleMessage message;
        try
        {
            message = ConsoleMessage.Done(await change(request, account, identity));
            IdentityLog.Changed(logger, request.Session.UserName, action, identity.Name, account.Id);
        }
        catch (IdentityOperationException ex) when (ex.Kind == IdentityErrorKind.NotFound)
        {
            // Deleted meanwhile.
            await IdentityTargets.NotFoundAsync(request, accountName, name);
            return;
        }
        catch (IdentityOperationException ex)
        {
            IdentityLog.Refused(logger, request.Session.UserName, action, identity.Name, account.Id, ex.Message);
            message = ConsoleMessage.Refused($"Not done ({action}): {ex.Message}");
        }

        request.Session.Flash.Set(message);
        ConsoleHttp.Redirect(request.Context, ConsoleRoutes.IdentityOf(account.Name, identity.Name));
    }

    private static int StatusFor(IdentityErrorKind kind) => kind switch
    {
        IdentityErrorKind.AlreadyExists => StatusCodes.Status409Conflict,
        IdentityErrorKind.Throttled => StatusCodes.Status429TooManyRequests,
        IdentityErrorKind.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };
}
