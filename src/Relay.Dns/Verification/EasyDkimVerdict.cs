namespace Relay.Dns.Verification;

/// <summary>The conclusion of an Easy DKIM check over all its records.</summary>
public enum EasyDkimVerdict
{
    /// <summary>Every CNAME is found and right.</summary>
    Verified,

    /// <summary>The resolver answered for every record and at least one is not right.</summary>
    NotVerified,

    /// <summary>The resolver failed for at least one record: nothing can be concluded (SES: TEMPORARY_FAILURE).</summary>
    Inconclusive,
}
