using System.ComponentModel.DataAnnotations;

namespace Relay.Api;

/// <summary>How the SES-compatible API authenticates, what it accepts, and the limits that keep one client from starving the rest.</summary>
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

    /// <summary>
    /// A v1 (Query) request body longer than this goes to a temporary file as it is read, not into memory, and a
    /// SendRawEmail message in it is decoded from file to file. The host uses SMTP's threshold (256 KiB).
    /// </summary>
    public int InMemoryBodyThreshold { get; set; } = 256 * 1024;

    /// <summary>Where those temporary files go; the host points it at <c>DataDirectory/tmp</c>.</summary>
    public string TemporaryDirectory { get; set; } = Path.GetTempPath();

    /// <summary>Open connections to the API endpoint at once; past it a new connection is closed at once. Default 512.</summary>
    public int MaxConnections { get; set; } = 512;

    /// <summary>Open connections from one IP address at once; past it a new one from that address is closed at once. Default 32.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 32;

    /// <summary>
    /// Time to receive a request's line and headers, from its first byte; bytes trickling in do not restart it. Default 10 s.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a connection may wait for its next request (or, new, for its first) before it is closed. Default 30 s.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Slowest a request body may arrive, in bytes per second averaged after <see cref="MinDataRateGracePeriod"/>;
    /// slower and the connection is closed. Default 1024 (1 KiB/s: 40 MB in under 11 hours, a trickle in 5 s).
    /// </summary>
    public double MinRequestBodyDataRate { get; set; } = 1024;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyDataRate"/> before the rate counts. Default 5 s.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Confirmation mails (VerifyEmailIdentity, VerifyEmailAddress, CreateEmailIdentity of an address) one account may cause per <see cref="ConfirmationMailAccountWindow"/>. Default 20.</summary>
    public int MaxConfirmationMailsPerAccount { get; set; } = 20;

    /// <summary>The sliding window of <see cref="MaxConfirmationMailsPerAccount"/>. Default 1 hour.</summary>
    public TimeSpan ConfirmationMailAccountWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Confirmation mails one address may receive per <see cref="ConfirmationMailAddressWindow"/>, whichever accounts ask. Default 3.</summary>
    public int MaxConfirmationMailsPerAddress { get; set; } = 3;

    /// <summary>The sliding window of <see cref="MaxConfirmationMailsPerAddress"/>. Default 24 hours (as long as a link stays valid).</summary>
    public TimeSpan ConfirmationMailAddressWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest request body: a base64, form-escaped message of <see cref="MaxMessageSize"/> plus room for the other fields.</summary>
    public long MaxRequestBodySize => (MaxMessageSize * 3 / 2) + (1024 * 1024);

    /// <summary>Throws <see cref="ValidationException"/> naming the first bad limit.</summary>
    public void Validate()
    {
        RequireAtLeastOne(nameof(MaxConcurrentBodyReads), MaxConcurrentBodyReads);
        RequireAtLeastOne(nameof(InMemoryBodyThreshold), InMemoryBodyThreshold);
        RequireAtLeastOne(nameof(MaxConnections), MaxConnections);
        RequireAtLeastOne(nameof(MaxConnectionsPerAddress), MaxConnectionsPerAddress);
        RequireAtLeastOne(nameof(MaxConfirmationMailsPerAccount), MaxConfirmationMailsPerAccount);
        RequireAtLeastOne(nameof(MaxConfirmationMailsPerAddress), MaxConfirmationMailsPerAddress);
        if (MaxBufferedBodyBytes < MaxRequestBodySize)
        {
            throw new ValidationException($"MaxBufferedBodyBytes ({MaxBufferedBodyBytes}) must hold at least one largest request body ({MaxRequestBodySize} bytes).");
        }

        if (MinRequestBodyDataRate < 0)
        {
            throw new ValidationException($"MinRequestBodyDataRate must not be negative (was {MinRequestBodyDataRate}).");
        }

        RequirePositive(nameof(RequestHeadersTimeout), RequestHeadersTimeout);
        RequirePositive(nameof(KeepAliveTimeout), KeepAliveTimeout);
        // Kestrel checks the rate once a second, so a shorter grace could never be honoured.
        if (MinDataRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            throw new ValidationException($"MinDataRateGracePeriod must be longer than one second (was {MinDataRateGracePeriod}).");
        }

        RequirePositive(nameof(ConfirmationMailAccountWindow), ConfirmationMailAccountWindow);
        RequirePositive(nameof(ConfirmationMailAddressWindow), ConfirmationMailAddressWindow);
    }

    private static void RequireAtLeastOne(string name, long value)
    {
        if (value < 1)
        {
            throw new ValidationException($"{name} must be at least 1 (was {value}).");
        }
    }

    private static void RequirePositive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ValidationException($"{name} must be positive (was {value}).");
        }
    }
}
