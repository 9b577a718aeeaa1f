namespace Relay.Configuration;

/// <summary>Where Relay listens for SMTP (<c>Relay:Listeners</c>).</summary>
public sealed class ListenerSettings
{
    /// <summary>Submission with STARTTLS, <c>address:port</c>; empty turns it off.</summary>
    public string Submission { get; set; } = "0.0.0.0:2587";

    /// <summary>Implicit TLS (like SES's port 465), <c>address:port</c>; empty turns it off.</summary>
    public string ImplicitTls { get; set; } = "0.0.0.0:2465";
}
