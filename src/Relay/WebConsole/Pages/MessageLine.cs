namespace Relay.WebConsole.Pages;

/// <summary>The line a page shows once after a form post: what was done (a status), or what was refused (an alert).</summary>
internal static class MessageLine
{
    public static string Render(ConsoleMessage? message) => message switch
    {
        null => string.Empty,
        { IsError: true } => $"""<p class="error" role="alert">{Html.Encode(message.Text)}</p>""" + "\n",
        _ => $"""<p class="done" role="status">{Html.Encode(message.Text)}</p>""" + "\n",
    };
}
