using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Relay.Dns.Tsig;

namespace Relay.Dns.Transfer;

/// <summary>Zone transfer, TSIG and NOTIFY log events, with stable ids (9140–9159). Secrets and MACs are never logged.</summary>
internal static partial class TransferLog
{
    /// <summary>Information, as BIND logs a denied transfer: over TCP the client's address is real, and a secondary set up wrong shows here.</summary>
    [LoggerMessage(EventId = 9140, Level = LogLevel.Information, Message = "Refused {Type} of {Zone} from {Client}: {Decision}")]
    public static partial void TransferRefused(this ILogger logger, string type, string zone, IPAddress client, TransferDecision decision);

    /// <summary>Debug only: over UDP the source address may be forged, and a flood must not flood the log.</summary>
    [LoggerMessage(EventId = 9150, Level = LogLevel.Debug, Message = "Refused {Type} of {Zone} over UDP from {Client}: {Decision}")]
    public static partial void TransferRefusedOverUdp(this ILogger logger, string type, string zone, IPAddress client, TransferDecision decision);

    [LoggerMessage(EventId = 9141, Level = LogLevel.Information, Message = "Sent {Type} of {Zone} serial {Serial} to {Client}: {Records} records in {Messages} messages")]
    public static partial void TransferServed(this ILogger logger, string type, string zone, uint serial, IPAddress client, int records, int messages);

    [LoggerMessage(EventId = 9142, Level = LogLevel.Warning, Message = "{Type} of {Zone} to {Client} failed")]
    public static partial void TransferFailed(this ILogger logger, string type, string zone, IPAddress client, Exception exception);

    [LoggerMessage(EventId = 9143, Level = LogLevel.Information, Message = "Secondary {Secondary} answered NOTIFY for {Zone} serial {Serial} with return code {ReturnCode}")]
    public static partial void NotifyAnswered(this ILogger logger, IPEndPoint secondary, string zone, uint serial, int returnCode);

    [LoggerMessage(EventId = 9144, Level = LogLevel.Warning, Message = "Secondary {Secondary} did not answer NOTIFY for {Zone} serial {Serial} after {Attempts} attempts")]
    public static partial void NotifyUnanswered(this ILogger logger, IPEndPoint secondary, string zone, uint serial, int attempts);

    [LoggerMessage(EventId = 9145, Level = LogLevel.Warning, Message = "Sending NOTIFY to {Secondary} failed ({Reason}); trying again")]
    public static partial void NotifyFailed(this ILogger logger, IPEndPoint secondary, SocketError reason);

    [LoggerMessage(EventId = 9146, Level = LogLevel.Warning, Message = "Reading the serial of {Zone} for NOTIFY failed; trying again at the next check")]
    public static partial void SerialCheckFailed(this ILogger logger, string zone, Exception exception);

    [LoggerMessage(EventId = 9147, Level = LogLevel.Debug, Message = "A TSIG-signed query from {Client} was answered {ReturnCode}: {Outcome}")]
    public static partial void SignedQueryRefused(this ILogger logger, IPAddress client, string returnCode, TsigOutcome outcome);

    [LoggerMessage(EventId = 9148, Level = LogLevel.Warning, Message = "An answer to NOTIFY from {Secondary} was ignored: its TSIG is {Outcome}")]
    public static partial void NotifyAnswerUnverified(this ILogger logger, IPEndPoint secondary, TsigOutcome outcome);

    [LoggerMessage(EventId = 9149, Level = LogLevel.Information, Message = "Serial of {Zone} is {Serial}: sending NOTIFY to {Count} secondaries")]
    public static partial void SerialChanged(this ILogger logger, string zone, uint serial, int count);
}
