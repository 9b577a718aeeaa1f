namespace Relay.Smtp.Tests.Support;

/// <summary>Keeps a copy of every message and answers with <see cref="Reply"/> (or runs <see cref="OnMessage"/>).</summary>
internal sealed class RecordingMessageHandler : ISmtpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedMessage> _messages = [];

    public SmtpReply Reply { get; set; } = new(250, "2.0.0", "Queued");

    /// <summary>Runs before the reply; may throw or wait to simulate a failing or slow handler.</summary>
    public Func<CancellationToken, Task>? OnMessage { get; set; }

    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToArray();
            }
        }
    }

    public async ValueTask<SmtpReply> HandleMessageAsync(
        SmtpSessionContext session, SmtpEnvelope envelope, Stream content, CancellationToken cancellationToken)
    {
        var position = content.Position;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        lock (_lock)
        {
            _messages.Add(new ReceivedMessage(
                envelope,
                copy.ToArray(),
                session.AuthenticatedPrincipal,
                session.IsSecure,
                session.ClientHostName,
                content.CanSeek && position == 0,
                !content.CanWrite));
        }

        if (OnMessage is not null)
        {
            await OnMessage(cancellationToken);
        }

        return Reply;
    }
}
