using System.Runtime.CompilerServices;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The one-line message a page shows once after a form post redirected to it (post, redirect, get). Kept beside the
/// session object in memory, so it goes with the session and no other user or tab of another session can see it.
/// </summary>
internal sealed class ConsoleFlash
{
    private readonly ConditionalWeakTable<ConsoleSession, string> _messages = new();

    public void Set(ConsoleSession session, string message) => _messages.AddOrUpdate(session, message);

    /// <summary>The waiting message, removed; null when there is none.</summary>
    public string? Take(ConsoleSession session)
    {
        if (!_messages.TryGetValue(session, out var message))
        {
            return null;
        }

        _messages.Remove(session);
        return message;
    }
}
