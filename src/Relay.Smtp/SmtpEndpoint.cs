using System.Net;

namespace Relay.Smtp;

/// <summary>An address the server listens on.</summary>
/// <param name="EndPoint">The local address and port; port 0 picks a free port (see <see cref="SmtpServer.BoundEndPoints"/>).</param>
/// <param name="ImplicitTls">
/// True for implicit TLS (RFC 8314, "submissions", usually port 465): the TLS handshake comes before the greeting.
/// False for plaintext with STARTTLS.
/// </param>
public sealed record SmtpEndpoint(IPEndPoint EndPoint, bool ImplicitTls);
