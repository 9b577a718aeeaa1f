using Microsoft.Extensions.Logging;

namespace Relay.Smtp.Protocol;

/// <summary>
/// Calls the outside seams (policy, authenticator, message handler) for one session and contains their failures:
/// anything but cancellation on shutdown is logged and turned into a temporary-failure reply.
/// </summary>
internal sealed class SeamCalls
{
    private readonly SmtpServices _services;
    private readonly SmtpSessionContext _context;
    private readonly CancellationToken _aborted;

    public SeamCalls(SmtpServices services, SmtpSessionContext context, CancellationToken aborted)
    {
        _services = services;
        _context = context;
        _aborted = aborted;
    }

    private ILogger Logger => _services.Logger;

    /// <summary>Asks the transaction policy; null accepts. A failing policy yields 451 4.3.0.</summary>
    public async ValueTask<SmtpReply?> CheckAsync(
        Func<ISmtpTransactionPolicy, SmtpSessionContext, CancellationToken, ValueTask<SmtpReply?>> check)
    {
        SmtpReply? reply;
        try
        {
            reply = await check(_services.Policy, _context, _aborted);
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            throw;
        }
        catch (SmtpTemporaryFailureException unavailable)
        {
            Logger.SeamUnavailable("transaction policy", unavailable.Message);
            return SmtpReply.LocalError;
        }
#pragma warning disable CA1031 // The policy is outside code; a failure is a temporary local error, not the end of the session.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Logger.PolicyFailed(exception);
            return SmtpReply.LocalError;
        }

        if (reply is not null && reply.Code / 100 == 3)
        {
            Logger.UnusableReply("transaction policy", reply);
            return SmtpReply.LocalError;
        }

        return reply;
    }

    /// <summary>Asks the authenticator for the principal (null: bad credentials); Failed when it threw.</summary>
    public async ValueTask<(string? Principal, bool Failed)> AuthenticateAsync(string userName, string password)
    {
        await _services.AuthenticationSlots.WaitAsync(_aborted);
        try
        {
            return (await _services.Authenticator.AuthenticateAsync(_context, userName, password, _aborted), false);
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            throw;
        }
        catch (SmtpTemporaryFailureException unavailable)
        {
            Logger.SeamUnavailable("authenticator", unavailable.Message);
            return (null, true);
        }
#pragma warning disable CA1031 // The authenticator is outside code; a failure is answered 454 4.7.0.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Logger.AuthenticatorFailed(exception);
            return (null, true);
        }
        finally
        {
            _services.AuthenticationSlots.Release();
        }
    }

    /// <summary>Hands a message to the handler; its reply, or 451 4.3.0 when it threw (452 4.3.1 for a full disk) or replied with a 3xx.</summary>
    public async ValueTask<SmtpReply> HandleMessageAsync(SmtpEnvelope envelope, MessageBuffer buffer)
    {
        SmtpReply? reply;
        Stream content;
        try
        {
            content = await buffer.OpenReadAsync(_aborted);
        }
        catch (IOException exception)
        {
            // A spilled buffer that vanished or cannot be read is our fault: 451 (452 when the disk is full), and the
            // session stays in step. Only socket errors may end the session as a lost connection.
            Logger.ContentUnreadable(exception);
            return StorageFullErrors.IsStorageFull(exception) ? SmtpReply.InsufficientStorage : SmtpReply.LocalError;
        }

        await using (content)
        {
            try
            {
                reply = await _services.Handler.HandleMessageAsync(_context, envelope, content, _aborted);
            }
            catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
            {
                throw;
            }
            catch (SmtpTemporaryFailureException unavailable)
            {
                Logger.SeamUnavailable("message handler", unavailable.Message);
                return SmtpReply.LocalError;
            }
#pragma warning disable CA1031 // The handler is outside code; whatever it throws, the client gets 451 and the session goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Logger.HandlerFailed(exception);
                return StorageFullErrors.IsStorageFull(exception) ? SmtpReply.InsufficientStorage : SmtpReply.LocalError;
            }
        }

        if (reply is null || reply.Code / 100 == 3)
        {
            Logger.UnusableReply("message handler", reply);
            return SmtpReply.LocalError;
        }

        Logger.MessageHandled(envelope.ReversePath, envelope.Recipients.Count, buffer.Length, reply);
        return reply;
    }
}
