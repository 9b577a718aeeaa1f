using System.Security.Cryptography;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>
/// SASL LOGIN (draft-murchison-sasl-login): "Username:" and "Password:" challenges; an initial response is the
/// user name.
/// </summary>
internal static class LoginMechanism
{
    public const string Name = "LOGIN";

    private const string UserNameChallenge = "VXNlcm5hbWU6";
    private const string PasswordChallenge = "UGFzc3dvcmQ6";

    public static async ValueTask<CommandResult> RunAsync(SmtpSession session, ReadOnlyMemory<byte>? initialResponse)
    {
        var (userOctets, error) = initialResponse is { } initial
            ? AuthExchange.Decode(initial.Span)
            : await AuthExchange.ChallengeAsync(session, UserNameChallenge);
        if (error is not null)
        {
            return CommandResult.Failure(error);
        }

        var (passwordOctets, passwordError) = await AuthExchange.ChallengeAsync(session, PasswordChallenge);
        if (passwordError is not null)
        {
            return CommandResult.Failure(passwordError);
        }

        try
        {
            var userName = AuthExchange.ToText(userOctets!);
            var password = AuthExchange.ToText(passwordOctets!);
            if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
            {
                return CommandResult.Failure(SmtpReplies.CannotDecodeResponse);
            }

            return await AuthExchange.VerifyAsync(session, Name, userName, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordOctets);
        }
    }
}
