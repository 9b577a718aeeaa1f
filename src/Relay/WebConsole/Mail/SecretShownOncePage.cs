using System.Text;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// New credentials, shown this once (the page is never cached; Relay keeps the SMTP password only as a hash, the
/// secret only encrypted, and shows neither again).
/// </summary>
internal static class SecretShownOncePage
{
    public static string Render(string title, string introduction, IReadOnlyList<(string Label, string Value)> values, ConsoleSession session)
    {
        var body = new StringBuilder()
            .Append("<p>").Append(Html.Encode(introduction)).Append(" <strong>Shown once: copy it now.</strong></p>\n<dl>\n");
        foreach (var (label, value) in values)
        {
            body.Append("<dt>").Append(Html.Encode(label)).Append("</dt><dd><code>").Append(Html.Encode(value)).Append("</code></dd>\n");
        }

        body.Append("</dl>\n<p><a href=\"").Append(ConsoleMailRoutes.Accounts).Append("\">Back to the accounts</a></p>\n");
        return ConsoleLayout.Render(title, body.ToString(), session);
    }
}
