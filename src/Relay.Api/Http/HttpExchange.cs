using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Relay.Api.Http;

/// <summary>Moves requests and replies between ASP.NET Core's <see cref="HttpContext"/> and the API's own types.</summary>
internal static class HttpExchange
{
    /// <summary>
    /// The request line and headers, keeping the path and query exactly as they were on the wire (SigV4 signs those);
    /// the body is left unread, for <see cref="HttpRequestBody"/> once the signature's headers have passed.
    /// </summary>
    public static ApiRequest ReadHead(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var target = string.IsNullOrEmpty(raw) ? context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent() : raw;
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? target : target[..question];
        var rawQuery = question < 0 ? string.Empty : target[(question + 1)..];

        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.Where(value => value is not null).Select(value => value!).ToList();
        }

        return new ApiRequest(context.Request.Method.ToUpperInvariant(), rawPath, rawQuery, headers, []);
    }

    public static async Task WriteAsync(HttpContext context, ApiResponse response, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(response.Body, cancellationToken);
    }
}
