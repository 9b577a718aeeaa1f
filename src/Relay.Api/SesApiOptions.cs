namespace Relay.Api;

/// <summary>How the SES-compatible API authenticates and what it accepts.</summary>
public sealed class SesApiOptions
{
    /// <summary>The region clients must put in their credential scope (and for which SMTP passwords are derived).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Accept a signature scoped to any region (clients put their configured region in the scope even with <c>--endpoint-url</c>).</summary>
    public bool AcceptAnyRegion { get; set; }

    /// <summary>How far a request's signing time may be from the server's clock (SES: 15 minutes).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest message SendEmail/SendRawEmail take, in octets (SES v2 and SMTP: 40 MB).</summary>
    public long MaxMessageSize { get; set; } = 40L * 1024 * 1024;

    /// <summary>
    /// Request bodies read and handled at once, across all connections, once their signature's headers have passed;
    /// one more is refused (Throttling / TooManyRequestsException) before its body is read. Default 16.
    /// </summary>
    public int MaxConcurrentBodyReads { get; set; } = 16;

    /// <summary>
    /// Bytes of request bodies held in memory at once, across all connections; a body that does not fit is refused
    /// (Throttling / TooManyRequestsException) before it is read. Default 128 MiB: two bodies of the largest size.
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Largest request body: a base64, form-escaped message of <see cref="MaxMessageSize"/> plus room for the other fields.</summary>
    public long MaxRequestBodySize => (MaxMessageSize * 3 / 2) + (1024 * 1024);
}
