namespace Relay.Smtp;

/// <summary>
/// Refuses MAIL FROM with 530 5.7.0 Authentication required until the client has authenticated, then defers
/// to an inner policy (by default one that accepts everything). The usual policy for a submission relay.
/// </summary>
public sealed class RequireAuthenticationPolicy : ISmtpTransactionPolicy
{
    private readonly ISmtpTransactionPolicy _inner;

    /// <summary>Requires authentication, then accepts every sender and recipient.</summary>
    public RequireAuthenticationPolicy()
        : this(new AcceptAllTransactionPolicy())
    {
    }

    /// <summary>Requires authentication, then asks <paramref name="inner"/>.</summary>
    public RequireAuthenticationPolicy(ISmtpTransactionPolicy inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionContext session, string reversePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.AuthenticatedPrincipal is null
            ? ValueTask.FromResult<SmtpReply?>(SmtpReply.AuthenticationRequired)
            : _inner.CheckSenderAsync(session, reversePath, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionContext session, string forwardPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.AuthenticatedPrincipal is null
            ? ValueTask.FromResult<SmtpReply?>(SmtpReply.AuthenticationRequired)
            : _inner.CheckRecipientAsync(session, forwardPath, cancellationToken);
    }
}
