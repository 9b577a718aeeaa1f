using Microsoft.Extensions.Logging;

namespace Relay.WebConsole.Identities;

/// <summary>What console users did to identities (9460–9469): who, what, which identity; never key material.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 9460, Level = LogLevel.Information, Message = "Console user {UserName}: {Action} {Identity} of account {AccountId}")]
    public static partial void Changed(ILogger logger, string userName, string action, string identity, string accountId);

    [LoggerMessage(EventId = 9461, Level = LogLevel.Information, Message = "Console user {UserName}: {Action} {Identity} of account {AccountId} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string userName, string action, string identity, string accountId, string reason);

    [LoggerMessage(EventId = 9462, Level = LogLevel.Warning,
        Message = "Relay:Console:Users:{Index}:Account '{AccountId}' is no account (yet): tenant {UserName} sees no identities until it is added with 'relay account add'")]
    public static partial void TenantAccountMissing(ILogger logger, int index, string accountId, string userName);
}
