using Microsoft.AspNetCore.Http;

namespace Relay.Api;

/// <summary>Everything Relay serves over HTTP on the API endpoint; the host's Kestrel server hands each request here.</summary>
public interface IRelayHttpApplication
{
    Task HandleAsync(HttpContext context);
}
