namespace Relay.Delivery.Spool;

/// <summary>One delivery attempt of a spooled message, kept for operators (<c>relay queue show</c>) and the DSN.</summary>
public sealed record SpoolAttempt
{
    /// <summary>When the attempt ended.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Where it went: the smarthost or the MX host that answered (or the last one tried), as host:port.</summary>
    public required string Destination { get; init; }

    /// <summary>What happened, one clause per recipient tried, e.g. "a@example.net: 451 4.3.0 try later".</summary>
    public required string Result { get; init; }
}
