using System.Net;

namespace Relay.WebConsole.Pages;

/// <summary>Text into HTML: every value from outside (names, DNS values, explanations) goes through here.</summary>
internal static class Html
{
    /// <summary>Encoded for element content and double-quoted attributes alike (&lt; &gt; &amp; &quot; &#39;).</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A hidden field carrying the CSRF token, for every form.</summary>
    public static string CsrfField(string token) => $"""<input type="hidden" name="{ConsoleForms.CsrfField}" value="{Encode(token)}">""";
}
