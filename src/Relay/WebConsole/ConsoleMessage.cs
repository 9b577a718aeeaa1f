namespace Relay.WebConsole;

/// <summary>A line for the person at the console: what was done, or (<see cref="IsError"/>) what was refused and why.</summary>
internal sealed record ConsoleMessage(string Text, bool IsError)
{
    public static ConsoleMessage Done(string text) => new(text, IsError: false);

    public static ConsoleMessage Refused(string text) => new(text, IsError: true);
}
