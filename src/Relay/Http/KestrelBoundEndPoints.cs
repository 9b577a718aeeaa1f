using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Relay.Http;

/// <summary>The addresses a started Kestrel listener actually bound (the port chosen for port 0), for the API and the console.</summary>
internal static class KestrelBoundEndPoints
{
    public static IReadOnlyList<IPEndPoint> Of(WebApplication app) =>
        (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(address => new Uri(address))
            .Select(uri => new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port))
            .ToList();
}
