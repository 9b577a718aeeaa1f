namespace Relay.Configuration;

/// <summary>One entry of <c>Relay:KeyZone:Secondaries</c>: a secondary name server that may transfer the key zone.</summary>
public sealed class KeyZoneSecondarySettings
{
    /// <summary>The secondary's IP address: transfers are answered only from it, NOTIFY is sent to it.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>The UDP port NOTIFY is sent to. Default 53.</summary>
    public int NotifyPort { get; set; } = 53;
}
