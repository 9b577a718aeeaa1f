namespace Relay.Smtp;

/// <summary>An <see cref="ISmtpAuthenticator"/> made from a function; handy in tests and small hosts.</summary>
public sealed class DelegatingAuthenticator : ISmtpAuthenticator
{
    private readonly Func<SmtpSessionContext, string, string, CancellationToken, ValueTask<string?>> _authenticate;

    /// <summary>Calls <paramref name="authenticate"/> with the session, user name, password and token.</summary>
    public DelegatingAuthenticator(Func<SmtpSessionContext, string, string, CancellationToken, ValueTask<string?>> authenticate)
    {
        ArgumentNullException.ThrowIfNull(authenticate);
        _authenticate = authenticate;
    }

    /// <inheritdoc />
    public ValueTask<string?> AuthenticateAsync(
        SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken) =>
        _authenticate(session, userName, password, cancellationToken);
}
