namespace Relay.Smtp;

/// <summary>Refuses every credential (535 5.7.8). For servers that offer no accounts.</summary>
public sealed class RejectAllAuthenticator : ISmtpAuthenticator
{
    /// <inheritdoc />
    public ValueTask<string?> AuthenticateAsync(
        SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>(null);
}
