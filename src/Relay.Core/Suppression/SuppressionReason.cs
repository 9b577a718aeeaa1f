namespace Relay.Core.Suppression;

/// <summary>Why an address is on an account's suppression list (SES v2 <c>SuppressionListReason</c>).</summary>
public enum SuppressionReason
{
    /// <summary>A hard bounce: the next hop refused the address for good.</summary>
    Bounce,

    /// <summary>A complaint (Relay receives none itself; an operator or client may add them).</summary>
    Complaint,
}
