namespace Relay.Smtp.Tests.Support;

/// <summary>What the message handler was given, copied during the call.</summary>
internal sealed record ReceivedMessage(
    SmtpEnvelope Envelope,
    byte[] Content,
    string? Principal,
    bool IsSecure,
    string? ClientHostName,
    bool ContentWasSeekable,
    bool ContentWasReadOnly);
