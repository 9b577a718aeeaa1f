namespace Relay.Delivery.Spool;

/// <summary>What an operator asked of a spooled message through <see cref="SpoolCommandInbox"/>.</summary>
public enum SpoolCommand
{
    /// <summary>Attempt delivery now, whatever the retry schedule says.</summary>
    Retry,

    /// <summary>Remove the message without delivering it and without a bounce.</summary>
    Delete,
}
