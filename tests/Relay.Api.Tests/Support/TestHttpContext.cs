using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Relay.Api.Http;

namespace Relay.Api.Tests.Support;

/// <summary>HTTP contexts as Kestrel hands them to the application, built from a request's head and a body stream.</summary>
internal static class TestHttpContext
{
    /// <summary>A context carrying <paramref name="head"/>'s method, raw target and headers, reading <paramref name="body"/>.</summary>
    public static DefaultHttpContext From(ApiRequest head, Stream body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = head.Method;
        context.Request.Path = PathString.FromUriComponent(head.RawPath);
        var target = head.RawPath + (head.RawQuery.Length == 0 ? string.Empty : "?" + head.RawQuery);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        foreach (var (name, values) in head.Headers)
        {
            foreach (var value in values)
            {
                context.Request.Headers.Append(name, value);
            }
        }

        context.Request.Body = body;
        context.Request.ContentLength = contentLength;
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static string ResponseText(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
