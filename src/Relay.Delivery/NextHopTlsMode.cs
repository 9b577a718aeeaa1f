namespace Relay.Delivery;

/// <summary>How the forwarder secures its connection to the next hop.</summary>
public enum NextHopTlsMode
{
    /// <summary>Plain SMTP; STARTTLS is never attempted even when offered.</summary>
    None,

    /// <summary>Use STARTTLS when the next hop offers it, otherwise continue in plain text.</summary>
    StartTlsWhenAvailable,

    /// <summary>Require STARTTLS; a next hop that does not offer it is a temporary failure.</summary>
    StartTlsRequired,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    ImplicitTls,
}
