using System.Net;

namespace Relay.Smtp;

/// <summary>What the callbacks can see of a session. The server updates it; callbacks only read it.</summary>
public sealed class SmtpSessionContext
{
    /// <summary>Creates a context; the server does this for each connection, tests may do it to call their callbacks.</summary>
    public SmtpSessionContext(
        string sessionId,
        IPEndPoint remoteEndPoint,
        IPEndPoint localEndPoint,
        bool isSecure = false,
        string? clientHostName = null,
        string? authenticatedPrincipal = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        SessionId = sessionId;
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = localEndPoint;
        IsSecure = isSecure;
        ClientHostName = clientHostName;
        AuthenticatedPrincipal = authenticatedPrincipal;
    }

    /// <summary>A short random id that also appears in every log line of the session.</summary>
    public string SessionId { get; }

    /// <summary>The client's address.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The server address the client connected to.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True once TLS is established (implicit TLS or after STARTTLS).</summary>
    public bool IsSecure { get; internal set; }

    /// <summary>The name the client gave with EHLO or HELO; null before that and again after STARTTLS.</summary>
    public string? ClientHostName { get; internal set; }

    /// <summary>The principal <see cref="ISmtpAuthenticator"/> returned for a successful AUTH, or null.</summary>
    public string? AuthenticatedPrincipal { get; internal set; }

    /// <summary>True when the client connected from a loopback address.</summary>
    public bool IsLoopback =>
        IPAddress.IsLoopback(RemoteEndPoint.Address.IsIPv4MappedToIPv6 ? RemoteEndPoint.Address.MapToIPv4() : RemoteEndPoint.Address);
}
