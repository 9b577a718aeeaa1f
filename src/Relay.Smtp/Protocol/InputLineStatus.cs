namespace Relay.Smtp.Protocol;

internal enum InputLineStatus
{
    /// <summary>A line ended by CRLF (or by a bare LF under <see cref="BareLineEndingPolicy.Normalize"/>).</summary>
    Complete,

    /// <summary>The line was longer than the limit; it has been skipped up to its LF.</summary>
    TooLong,

    /// <summary>The line ended in a bare LF, or held a CR that did not end it.</summary>
    BareLineEnding,

    /// <summary>The client closed the connection.</summary>
    Closed,
}
