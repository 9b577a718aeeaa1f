namespace Relay.Smtp;

/// <summary>The body type a client declared with the MAIL FROM <c>BODY=</c> parameter (RFC 6152, RFC 3030).</summary>
public enum SmtpBodyType
{
    /// <summary>No BODY parameter, or <c>BODY=7BIT</c>.</summary>
    SevenBit,

    /// <summary><c>BODY=8BITMIME</c> (RFC 6152).</summary>
    EightBitMime,

    /// <summary><c>BODY=BINARYMIME</c> (RFC 3030); only offered when <see cref="SmtpServerOptions.EnableBinaryMime"/> is set.</summary>
    BinaryMime,
}
