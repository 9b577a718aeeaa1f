namespace Relay.Configuration;

/// <summary>The Received trace field Relay adds on top of each message it accepts (<c>Relay:Trace</c>; RFC 5321 4.4).</summary>
public sealed class TraceSettings
{
    public bool AddReceivedHeader { get; set; } = true;

    /// <summary>Name the client's IP address in the Received field; turn off to keep senders' addresses private.</summary>
    public bool IncludeClientAddress { get; set; } = true;
}
