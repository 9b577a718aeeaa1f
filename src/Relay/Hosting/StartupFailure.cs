using System.Net.Sockets;

namespace Relay.Hosting;

/// <summary>
/// What the program prints, in one line, for a failure that reached <c>Main</c>: the operator sees what went wrong and
/// where, never a stack trace. Exit 1: a runtime failure (a listener that cannot bind, a file that cannot be written).
/// </summary>
internal sealed record StartupFailure(string Message, int ExitCode)
{
    public static StartupFailure? Describe(Exception exception) => exception switch
    {
        OperationCanceledException => null,
        // A node older than the shared database's schema: its own one-line message says what to do.
        Core.Storage.StoreSchemaTooNewException tooNew => new StartupFailure(tooNew.Message, 1),
        // Listeners wrap their bind failures in an IOException that names the listener and its address (Kestrel too).
        IOException io => new StartupFailure(io.Message, 1),
        SocketException socket => new StartupFailure($"network error: {socket.Message}", 1),
        UnauthorizedAccessException denied => new StartupFailure($"permission denied: {denied.Message}", 1),
        _ => new StartupFailure($"{exception.GetType().Name}: {exception.Message}", 1),
    };
}
