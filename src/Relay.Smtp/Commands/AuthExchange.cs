using System.Buffers.Text;
using System.Text;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>The SASL exchange of RFC 4954: 334 challenges, base64 responses, "*" to cancel, "=" for empty.</summary>
internal static class AuthExchange
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Sends a 334 challenge and reads the response; either the decoded octets or the reply that ends the exchange.</summary>
    public static async ValueTask<(byte[]? Response, SmtpReply? Error)> ChallengeAsync(SmtpSession session, string challenge)
    {
        session.Reply(new SmtpReply(334, string.Empty, challenge));
        var line = await session.Input.ReadLineAsync(idle: false);
        return line.Status switch
        {
            InputLineStatus.Closed => throw new SessionTerminatedException(null, "connection closed during AUTH"),
            InputLineStatus.TooLong => (null, SmtpReplies.AuthenticationLineTooLong),
            InputLineStatus.BareLineEnding => (null, SmtpReplies.BareLineEndingInCommand),
            _ => Decode(line.Content.Span),
        };
    }

    /// <summary>Decodes a response or initial response: "*" cancels, "=" is empty, anything else must be base64.</summary>
    public static (byte[]? Response, SmtpReply? Error) Decode(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("*"u8))
        {
            return (null, SmtpReplies.AuthenticationCancelled);
        }

        if (text.SequenceEqual("="u8))
        {
            return ([], null);
        }

        if (text.IsEmpty || text.ContainsAny(" \t"u8) || !Base64.IsValid(text, out var length))
        {
            return (null, SmtpReplies.CannotDecodeResponse);
        }

        var decoded = new byte[length];
        return Base64.DecodeFromUtf8(text, decoded, out _, out var written) == System.Buffers.OperationStatus.Done && written == length
            ? (decoded, null)
            : (null, SmtpReplies.CannotDecodeResponse);
    }

    /// <summary>Strict UTF-8 (RFC 4616 and common LOGIN practice); null when the octets are not UTF-8.</summary>
    public static string? ToText(ReadOnlySpan<byte> octets)
    {
        try
        {
            return StrictUtf8.GetString(octets);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Asks the authenticator and turns its answer into the AUTH reply.</summary>
    public static async ValueTask<CommandResult> VerifyAsync(SmtpSession session, string mechanism, string userName, string password)
    {
        var address = session.Context.RemoteEndPoint.Address;
        var throttle = session.AuthFailures;
        if (throttle.IsThrottled(address, userName))
        {
            session.Logger.AuthenticationThrottled(address);
            return CommandResult.Close(SmtpReplies.TooManyAuthenticationFailures);
        }

        var (principal, failed) = await session.Seams.AuthenticateAsync(userName, password);
        if (failed)
        {
            return CommandResult.Failure(SmtpReplies.AuthenticationUnavailable);
        }

        if (principal is null)
        {
            throttle.RecordFailure(address, userName);
            session.Logger.AuthenticationFailed(mechanism);
            session.Instruments?.AuthenticationFailed();
            return CommandResult.Failure(SmtpReplies.AuthenticationFailed);
        }

        throttle.RecordSuccess(userName);
        session.Authenticated(principal);
        session.Logger.AuthenticationSucceeded(mechanism, principal);
        return CommandResult.Success(SmtpReplies.AuthenticationSucceeded);
    }
}
