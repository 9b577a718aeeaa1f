namespace Relay.Delivery;

/// <summary>Where in the SMTP session a forwarding attempt failed; it decides what an error means.</summary>
internal enum ForwardPhase
{
    /// <summary>TCP connect, greeting, EHLO, STARTTLS.</summary>
    Connecting,

    /// <summary>SMTP AUTH.</summary>
    Authenticating,

    /// <summary>MAIL FROM, RCPT TO, DATA and the message.</summary>
    Transferring,
}
