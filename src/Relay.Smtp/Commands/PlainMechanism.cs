using System.Security.Cryptography;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>SASL PLAIN (RFC 4616): message = [authzid] NUL authcid NUL passwd, in one response.</summary>
internal static class PlainMechanism
{
    public const string Name = "PLAIN";

    public static async ValueTask<CommandResult> RunAsync(SmtpSession session, ReadOnlyMemory<byte>? initialResponse)
    {
        var (message, error) = initialResponse is { } initial
            ? AuthExchange.Decode(initial.Span)
            : await AuthExchange.ChallengeAsync(session, string.Empty);
        if (error is not null)
        {
            return CommandResult.Failure(error);
        }

        try
        {
            if (!TrySplit(message!, out var authorizationId, out var userName, out var password))
            {
                return CommandResult.Failure(SmtpReplies.CannotDecodeResponse);
            }

            // No proxy authorization: an authorization identity must be empty or the user's own.
            if (authorizationId.Length > 0 && !string.Equals(authorizationId, userName, StringComparison.Ordinal))
            {
                session.Logger.AuthenticationFailed(Name);
                return CommandResult.Failure(SmtpReplies.AuthenticationFailed);
            }

            return await AuthExchange.VerifyAsync(session, Name, userName, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(message);
        }
    }

    private static bool TrySplit(byte[] message, out string authorizationId, out string userName, out string password)
    {
        authorizationId = userName = password = string.Empty;
        var span = message.AsSpan();
        var first = span.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = span[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0 || rest[(second + 1)..].Contains((byte)0))
        {
            return false;
        }

        var authzid = AuthExchange.ToText(span[..first]);
        var authcid = AuthExchange.ToText(rest[..second]);
        var passwd = AuthExchange.ToText(rest[(second + 1)..]);
        if (authzid is null || string.IsNullOrEmpty(authcid) || string.IsNullOrEmpty(passwd))
        {
            return false;
        }

        (authorizationId, userName, password) = (authzid, authcid, passwd);
        return true;
    }
}
