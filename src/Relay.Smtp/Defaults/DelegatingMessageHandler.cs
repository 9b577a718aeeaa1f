namespace Relay.Smtp;

/// <summary>An <see cref="ISmtpMessageHandler"/> made from a function; handy in tests and small hosts.</summary>
public sealed class DelegatingMessageHandler : ISmtpMessageHandler
{
    private readonly Func<SmtpSessionContext, SmtpEnvelope, Stream, CancellationToken, ValueTask<SmtpReply>> _handle;

    /// <summary>Calls <paramref name="handle"/> for each message.</summary>
    public DelegatingMessageHandler(Func<SmtpSessionContext, SmtpEnvelope, Stream, CancellationToken, ValueTask<SmtpReply>> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _handle = handle;
    }

    /// <inheritdoc />
    public ValueTask<SmtpReply> HandleMessageAsync(
        SmtpSessionContext session, SmtpEnvelope envelope, Stream content, CancellationToken cancellationToken) =>
        _handle(session, envelope, content, cancellationToken);
}
