using System.Net;

namespace Relay.Testing.Dns;

/// <summary>A zone that <see cref="UnboundResolver"/> asks of one given server (unbound's <c>stub-zone</c>).</summary>
/// <param name="Name">The zone apex, e.g. <c>dkim.relay.example.net</c>.</param>
/// <param name="Server">The authoritative server's address and port, e.g. 127.0.0.1 and a high port.</param>
public sealed record StubZone(string Name, IPEndPoint Server)
{
    /// <summary>The apex in lower case without a trailing dot.</summary>
    public string Apex => Name.TrimEnd('.').ToLowerInvariant();
}
