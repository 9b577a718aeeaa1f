using Microsoft.AspNetCore.Http;

namespace Relay.WebConsole;

/// <summary>How the console answers: HTML with headers that forbid caching, framing, scripts and foreign resources; redirects; cookies.</summary>
internal static class ConsoleHttp
{
    private const string Policy =
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task HtmlAsync(HttpContext context, int status, string html)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        SecurityHeaders(response);
        return response.WriteAsync(html, context.RequestAborted);
    }

    public static Task StylesheetAsync(HttpContext context, string css)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/css; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "max-age=3600";
        return response.WriteAsync(css, context.RequestAborted);
    }

    /// <summary>303 See Other: after a form post the browser gets the page with GET.</summary>
    public static void Redirect(HttpContext context, string location)
    {
        SecurityHeaders(context.Response);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
    }

    public static void SetCookie(HttpContext context, string name, string value, bool secure) =>
        context.Response.Cookies.Append(name, value, Options(secure));

    public static void DeleteCookie(HttpContext context, string name, bool secure) =>
        context.Response.Cookies.Delete(name, Options(secure));

    /// <summary>HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure over TLS; a session cookie, gone with the browser.</summary>
    private static CookieOptions Options(bool secure) => new()
    {
        HttpOnly = true,
        Secure = secure,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
    }
}
