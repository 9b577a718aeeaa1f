using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Relay.Api.Http;

/// <summary>Moves requests and replies between ASP.NET Core's <see cref="HttpContext"/> and the API's own types.</summary>
internal static class HttpExchange
{
    /// <summary>Reads the whole request, keeping the path and query exactly as they were on the wire (SigV4 signs those).</summary>
    /// <returns>Null when the body is larger than <paramref name="maxBodySize"/>.</returns>
    public static async Task<ApiRequest?> ReadAsync(HttpContext context, long maxBodySize, CancellationToken cancellationToken)
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

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > maxBodySize)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return new ApiRequest(context.Request.Method.ToUpperInvariant(), rawPath, rawQuery, headers, body.ToArray());
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
