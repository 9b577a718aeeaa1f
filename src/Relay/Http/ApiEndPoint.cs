using System.Net;

namespace Relay.Http;

/// <summary>Where the API listens and whether with TLS (from <c>Relay:Api</c>).</summary>
internal sealed record ApiEndPoint(IPEndPoint Address, bool Https);
