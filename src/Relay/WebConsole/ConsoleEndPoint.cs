using System.Net;

namespace Relay.WebConsole;

/// <summary>Where the web console listens and whether with TLS (from <c>Relay:Console</c>).</summary>
internal sealed record ConsoleEndPoint(IPEndPoint Address, bool Https);
