namespace Relay.WebConsole.Mail;

/// <summary>What became of a message or one of its recipients, in the outcomes page's words.</summary>
internal enum OutcomeKind
{
    /// <summary>Queued (SES's Send); one outcome for the whole message.</summary>
    Accepted,

    /// <summary>A next hop took it for this recipient.</summary>
    Delivered,

    /// <summary>This recipient got a temporary failure and will be tried again.</summary>
    Deferred,

    /// <summary>This recipient failed for good (or is on the account's suppression list).</summary>
    Bounced,

    /// <summary>The ingestion path refused the message (unverified sender, quota, an unsignable message…); nothing was queued.</summary>
    Rejected,
}
