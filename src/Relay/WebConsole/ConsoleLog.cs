using System.Net;
using Microsoft.Extensions.Logging;

namespace Relay.WebConsole;

/// <summary>The console's sign-in and session events (9450–9459; identity changes are 9460–9474, the operator pages' 9475–9489). Configured user names are logged; passwords, session ids, tokens and names that are no user's (often a password typed in the wrong field) never.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(EventId = 9450, Level = LogLevel.Information, Message = "Console listening ({Scheme}) on {EndPoints}")]
    public static partial void Listening(ILogger logger, string scheme, string endPoints);

    [LoggerMessage(EventId = 9451, Level = LogLevel.Warning,
        Message = "Console on {EndPoint}, not loopback, without HTTPS: passwords and session cookies cross the network in clear; set Relay:Console:Https or listen on loopback behind a TLS proxy")]
    public static partial void NotLoopbackWithoutTls(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 9452, Level = LogLevel.Information, Message = "Console sign-in of {UserName} from {Address}")]
    public static partial void SignedIn(ILogger logger, string userName, IPAddress? address);

    [LoggerMessage(EventId = 9453, Level = LogLevel.Warning, Message = "Console sign-in as {UserName} from {Address} failed: wrong name or password")]
    public static partial void SignInFailed(ILogger logger, string userName, IPAddress? address);

    [LoggerMessage(EventId = 9454, Level = LogLevel.Warning, Message = "Console sign-in as {UserName} from {Address} refused unchecked: too many failures")]
    public static partial void SignInThrottled(ILogger logger, string userName, IPAddress? address);

    [LoggerMessage(EventId = 9455, Level = LogLevel.Warning, Message = "Console {Method} {Path} from {Address} refused: {Reason}")]
    public static partial void FormRefused(ILogger logger, string method, string path, IPAddress? address, string reason);

    [LoggerMessage(EventId = 9456, Level = LogLevel.Information, Message = "Console sign-out of {UserName}")]
    public static partial void SignedOut(ILogger logger, string userName);

    [LoggerMessage(EventId = 9457, Level = LogLevel.Error, Message = "Console {Method} {Path} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string method, string path);
}
