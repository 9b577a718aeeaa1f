namespace Relay.Smtp.Protocol;

/// <summary>How message content arrives.</summary>
internal enum ContentFraming
{
    /// <summary>DATA: dot-stuffed lines ended by CRLF "." CRLF (RFC 5321 4.5.2).</summary>
    DotStuffed,

    /// <summary>BDAT with a 7BIT or 8BITMIME body: counted chunks, whose lines are still checked.</summary>
    Chunked,

    /// <summary>BDAT with BODY=BINARYMIME: counted chunks of arbitrary octets; only the size is checked.</summary>
    Binary,
}
