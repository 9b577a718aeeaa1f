namespace Relay.WebConsole;

/// <summary>One message kept for the next page of a session: what a form post did, or why it was refused.</summary>
internal sealed class ConsoleFlash
{
    private readonly Lock _gate = new();
    private ConsoleMessage? _message;

    public void Set(ConsoleMessage message)
    {
        lock (_gate)
        {
            _message = message;
        }
    }

    /// <summary>The message, once: the next call returns null.</summary>
    public ConsoleMessage? Take()
    {
        lock (_gate)
        {
            var message = _message;
            _message = null;
            return message;
        }
    }
}
