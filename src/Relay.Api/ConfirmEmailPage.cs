using System.Net;
using Relay.Api.Http;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api;

/// <summary>The page behind the confirmation link mailed by VerifyEmailIdentity: confirms the address, or says the link is no good.</summary>
internal sealed class ConfirmEmailPage(IIdentityManagement identities)
{
    public const string Path = "/confirm-email";

    public async Task<ApiResponse> HandleAsync(string? token, CancellationToken cancellationToken)
    {
        var confirmed = string.IsNullOrEmpty(token) ? null : await identities.ConfirmEmailAsync(token, cancellationToken);
        return confirmed is null
            ? Page(404, "Link not valid", "This confirmation link is unknown or has expired. Ask for a new one by verifying the address again.")
            : Page(200, "Address confirmed", $"{confirmed.Name} is now verified: mail from it can be sent through Relay.");
    }

    private static ApiResponse Page(int status, string title, string text)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p></body></html>

            """;
        var response = ApiResponses.Text(status, "text/html; charset=utf-8", html);
        return response with
        {
            Headers = new Dictionary<string, string>
            {
                // The token is in the URL: keep it out of caches and referrers; the page needs no scripts or styles.
                ["Cache-Control"] = "no-store",
                ["Referrer-Policy"] = "no-referrer",
                ["Content-Security-Policy"] = "default-src 'none'",
                ["X-Content-Type-Options"] = "nosniff",
            },
        };
    }
}
