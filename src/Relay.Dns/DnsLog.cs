using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Relay.Dns;

/// <summary>The key zone server's log events, with stable ids (5000–5099). TXT values are never logged.</summary>
internal static partial class DnsLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "DKIM key zone {Zone} served on UDP {UdpEndPoint} and TCP {TcpEndPoint}")]
    public static partial void Listening(this ILogger logger, string zone, IPEndPoint udpEndPoint, IPEndPoint? tcpEndPoint);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "DKIM key zone {Zone} server stopping")]
    public static partial void Stopping(this ILogger logger, string zone);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Answered {Name} {Type}: {ReturnCode}")]
    public static partial void QueryAnswered(this ILogger logger, DomainName name, RecordType type, ReturnCode returnCode);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "A {Transport} message was not passed on: {Reason}")]
    public static partial void QueryDropped(this ILogger logger, string transport, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "The DKIM key record source failed for {Name}; answering SERVFAIL")]
    public static partial void RecordSourceFailed(this ILogger logger, DomainName name, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "The TXT value for label {Label} is not printable ASCII; answering SERVFAIL")]
    public static partial void InvalidTxtValue(this ILogger logger, string label);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Receiving on UDP {EndPoint} failed")]
    public static partial void UdpReceiveFailed(this ILogger logger, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Accepting a TCP connection on {EndPoint} failed")]
    public static partial void TcpAcceptFailed(this ILogger logger, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Refused a TCP connection from {RemoteEndPoint}: {Limit} connections open")]
    public static partial void TooManyTcpConnections(this ILogger logger, EndPoint? remoteEndPoint, int limit);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Debug, Message = "The DNS server could not process a message")]
    public static partial void ProcessingFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Debug, Message = "{Kind} query not answered: not a standard DNS message")]
    public static partial void UnsupportedMessage(this ILogger logger, string kind);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Debug, Message = "Rate limiting responses to {Client} for {Name} type {Type}: dropping or truncating")]
    public static partial void ResponsesRateLimited(this ILogger logger, IPAddress client, string name, ushort type);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Debug, Message = "Refused a TCP connection from {RemoteEndPoint}: {Limit} connections open from its network")]
    public static partial void TooManyTcpConnectionsFromClient(this ILogger logger, EndPoint? remoteEndPoint, int limit);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Debug, Message = "Closed the TCP connection from {RemoteEndPoint}: {Reason}")]
    public static partial void TcpConnectionClosed(this ILogger logger, IPEndPoint remoteEndPoint, string reason);
}
