namespace Relay.Smtp;

/// <summary>Checks the credentials a client presents with AUTH PLAIN or AUTH LOGIN.</summary>
public interface ISmtpAuthenticator
{
    /// <summary>Returns the authenticated principal's name, or null when the credentials are not valid.</summary>
    /// <remarks>An exception other than cancellation is logged and answered with 454 4.7.0.</remarks>
    ValueTask<string?> AuthenticateAsync(
        SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken);
}
