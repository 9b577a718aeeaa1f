using System.Globalization;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>Bits the mail and account pages share: ages, times and small forms.</summary>
internal static class MailPageParts
{
    public static string Error(string message) => MessageLine.Render(ConsoleMessage.Refused(message));

    /// <summary>"2d 3h", "4h 10m", "12m 5s", "40s".</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d {age.Hours}h")
            : age.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h {age.Minutes}m")
            : age.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m {age.Seconds}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalSeconds}s");
    }

    public static string Time(DateTimeOffset time) => time.ToString("u", CultureInfo.InvariantCulture);

    /// <summary>A one-button POST form with the CSRF token and hidden fields; the button's accessible name says what it does to what.</summary>
    public static string PostButton(string action, string csrfToken, string text, string accessibleName, params (string Name, string Value)[] fields)
    {
        var hidden = string.Concat(fields.Select(field => $"""<input type="hidden" name="{Html.Encode(field.Name)}" value="{Html.Encode(field.Value)}">"""));
        return $"""<form method="post" action="{Html.Encode(action)}" class="inline">{Html.CsrfField(csrfToken)}{hidden}<button type="submit" aria-label="{Html.Encode(accessibleName)}">{Html.Encode(text)}</button></form>""";
    }
}
