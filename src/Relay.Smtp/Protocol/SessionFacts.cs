namespace Relay.Smtp.Protocol;

/// <summary>What the state table's guards may look at.</summary>
internal readonly record struct SessionFacts(
    bool IsSecure,
    bool IsAuthenticated,
    bool StartTlsOffered,
    bool AuthOffered,
    SmtpBodyType? TransactionBodyType);
