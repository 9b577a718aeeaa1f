using Relay.Fuzz.Smtp;

namespace Relay.Fuzz.Tests;

/// <summary>A message handler with a deliberate bug, put between the session and the harness's checking handler.</summary>
internal sealed class PlantedHandler : ISmtpMessageHandler
{
    private readonly ISmtpMessageHandler _inner;
    private readonly Bug _bug;
    private int _calls;

    public PlantedHandler(ISmtpMessageHandler inner, Bug bug)
    {
        _inner = inner;
        _bug = bug;
    }

    public enum Bug
    {
        HangOnFirstMessage,
        AcknowledgeWithoutHandling,
        Throw,
    }

    public async ValueTask<SmtpReply> HandleMessageAsync(
        SmtpSessionContext session, SmtpEnvelope envelope, Stream content, CancellationToken cancellationToken)
    {
        var first = Interlocked.Increment(ref _calls) == 1;
        switch (_bug)
        {
            case Bug.HangOnFirstMessage when first:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case Bug.AcknowledgeWithoutHandling when first:
                return new SmtpReply(250, "2.6.0", FuzzMessageHandler.AcknowledgementPrefix + "1");
            case Bug.Throw:
                throw new InvalidOperationException("planted");
        }

        return await _inner.HandleMessageAsync(session, envelope, content, cancellationToken);
    }
}
