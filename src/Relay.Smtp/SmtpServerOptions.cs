using System.Buffers;
using System.Text;
using Relay.Smtp.Grammar;

namespace Relay.Smtp;

/// <summary>
/// Every reception limit of the SMTP server, each with a safe default. <see cref="Validate"/> names the first bad setting.
/// </summary>
public sealed class SmtpServerOptions
{
    /// <summary>The smallest command line RFC 5321 (4.5.3.1.4) lets a server accept, CRLF included.</summary>
    public const int MinimumCommandLineLength = 512;

    /// <summary>The text line length RFC 5321 (4.5.3.1.6) requires a server to accept, CRLF included.</summary>
    public const int MinimumTextLineLength = 1000;

    private static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    /// <summary>The server's host name, used in the greeting and the EHLO reply. Default "localhost".</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>The largest message in octets (after dot-unstuffing), advertised as SIZE. Default 40 MiB, as Amazon SES.</summary>
    public long MaxMessageSize { get; set; } = 40L * 1024 * 1024;

    /// <summary>Recipients per transaction; more get 452 4.5.3. Default 50, as Amazon SES.</summary>
    public int MaxRecipients { get; set; } = 50;

    /// <summary>Longest command line in octets including CRLF (AUTH lines can be long). Default 2048; at least 512.</summary>
    public int MaxCommandLineLength { get; set; } = 2048;

    /// <summary>Longest line of message content in octets including CRLF (RFC 5321 4.5.3.1.6). Default 1000; at least 1000.</summary>
    public int MaxTextLineLength { get; set; } = 1000;

    /// <summary>Concurrent sessions over all endpoints; one more gets 421 4.7.0 and is closed. Default 100.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>
    /// Concurrent sessions from one client address (IPv6 counted per /64); one more gets 421 4.7.0. Loopback is not
    /// exempt: local submitters share one address's allowance. Default 20.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 20;

    /// <summary>
    /// New connections from one client address (IPv6 per /64) per <see cref="ConnectionRateWindow"/>; refused attempts
    /// count too, so a client that hammers stays refused until it slows down. Over it: 421 4.7.0. Default 60.
    /// </summary>
    public int MaxConnectionRatePerAddress { get; set; } = 60;

    /// <summary>The window <see cref="MaxConnectionRatePerAddress"/> counts in. Default 1 minute, as Postfix's anvil.</summary>
    public TimeSpan ConnectionRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Slots of <see cref="MaxConnections"/> that unauthenticated sessions may not keep: once the others are held by
    /// unauthenticated sessions, a new session is let in on probation: it must authenticate within
    /// <see cref="HandshakeTimeout"/>, and when every slot is taken the next newcomer takes the slot of the oldest
    /// session still on probation (either way 421 4.7.0), so clients that authenticate are not starved by ones that
    /// do not. At most <see cref="MaxConnections"/> - 1 take effect. 0 turns the reserve off. Default 10.
    /// </summary>
    public int ReservedAuthenticatedConnections { get; set; } = 10;

    /// <summary>
    /// Bad commands (syntax errors, unknown commands, bad sequence, failed AUTH, and refusals: 530 authentication
    /// required, 538 encryption required, 550 and 554) a session may make; the next one
    /// is answered 421 4.7.0 and the connection closed. Default 10.
    /// </summary>
    public int MaxBadCommands { get; set; } = 10;

    /// <summary>
    /// Commands outside a mail transaction (NOOP, RSET, VRFY, HELP, EHLO, HELO) a session may send between two
    /// accepted messages; the next one is answered 421 4.7.0 and the connection closed. Default 100, as Postfix's
    /// smtpd_junk_command_limit.
    /// </summary>
    public int MaxNonTransactionCommands { get; set; } = 100;

    /// <summary>
    /// Failed AUTH attempts from one client address (IPv6 per /64) per <see cref="AuthFailureWindow"/>; after that,
    /// AUTH from the address is answered 421 4.7.0 and the connection closed, without checking the password, until
    /// the window has passed. Default 10.
    /// </summary>
    public int MaxAuthFailuresPerAddress { get; set; } = 10;

    /// <summary>
    /// Failed AUTH attempts for one user name (from any address) per <see cref="AuthFailureWindow"/>; after that, AUTH
    /// for the user is answered 421 4.7.0 until the window has passed, so a password cannot be guessed from many
    /// addresses. A correct password ends the count. Default 20.
    /// </summary>
    public int MaxAuthFailuresPerUser { get; set; } = 20;

    /// <summary>The window the AUTH failure limits count in. Default 15 minutes.</summary>
    public TimeSpan AuthFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Password checks (the authenticator's calls) running at once over all sessions; more wait their turn, so a
    /// burst of AUTH cannot take every core for key stretching. Default 4.
    /// </summary>
    public int MaxConcurrentAuthentications { get; set; } = 4;

    /// <summary>How long the server waits for each command line. Default 5 minutes (RFC 5321 4.5.3.2.7).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Once the first octet of a command line has arrived, the whole line must arrive within this; octets that
    /// trickle in do not extend it. Default 1 minute.
    /// </summary>
    public TimeSpan CommandLineTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// From the accepted connection to the first complete command line, implicit-TLS handshake included: a socket
    /// that sends nothing is closed after this. Default 20 seconds.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long one session may wait for commands in all; at the command prompt after this it gets 421 4.4.2. A
    /// message transfer already under way may finish (it has its own <see cref="DataTimeout"/>). Default 30 minutes.
    /// </summary>
    public TimeSpan MaxSessionDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the whole DATA transfer (or one BDAT chunk) may take. Default 10 minutes.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a TLS handshake (implicit or after STARTTLS) may take. Default 30 seconds.</summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What to do with a bare CR or LF. Default <see cref="BareLineEndingPolicy.Reject"/>.</summary>
    public BareLineEndingPolicy BareLineEndings { get; set; } = BareLineEndingPolicy.Reject;

    /// <summary>
    /// When true, AUTH is offered without TLS to clients on a loopback address (for local submission).
    /// Otherwise AUTH is offered only over TLS. Default false.
    /// </summary>
    public bool AllowPlaintextAuthOnLoopback { get; set; }

    /// <summary>
    /// When true, BINARYMIME (RFC 3030) is advertised and <c>BODY=BINARYMIME</c> bodies are passed on without line
    /// checks; enable only if whatever receives the messages can relay binary content. Default false.
    /// </summary>
    public bool EnableBinaryMime { get; set; }

    /// <summary>Where message bodies over <see cref="InMemoryMessageThreshold"/> are buffered; created if missing.</summary>
    public string TemporaryDirectory { get; set; } = Path.GetTempPath();

    /// <summary>Message bodies up to this many octets stay in memory; larger ones go to a temporary file. Default 256 KiB.</summary>
    public int InMemoryMessageThreshold { get; set; } = 256 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServerName) || !IsDomainOrAddressLiteral(ServerName))
        {
            throw Invalid(nameof(ServerName), $"must be a domain name or address literal (was '{ServerName}')");
        }

        RequireAtLeast(nameof(MaxMessageSize), MaxMessageSize, 1);
        RequireAtLeast(nameof(MaxRecipients), MaxRecipients, 1);
        RequireAtLeast(nameof(MaxCommandLineLength), MaxCommandLineLength, MinimumCommandLineLength);
        RequireAtLeast(nameof(MaxTextLineLength), MaxTextLineLength, MinimumTextLineLength);
        RequireAtLeast(nameof(MaxConnections), MaxConnections, 1);
        RequireAtLeast(nameof(MaxConnectionsPerAddress), MaxConnectionsPerAddress, 1);
        RequireAtLeast(nameof(MaxConnectionRatePerAddress), MaxConnectionRatePerAddress, 1);
        RequireAtLeast(nameof(ReservedAuthenticatedConnections), ReservedAuthenticatedConnections, 0);
        RequireAtLeast(nameof(MaxAuthFailuresPerAddress), MaxAuthFailuresPerAddress, 1);
        RequireAtLeast(nameof(MaxAuthFailuresPerUser), MaxAuthFailuresPerUser, 1);
        RequireAtLeast(nameof(MaxConcurrentAuthentications), MaxConcurrentAuthentications, 1);
        RequireAtLeast(nameof(MaxBadCommands), MaxBadCommands, 0);
        RequireAtLeast(nameof(MaxNonTransactionCommands), MaxNonTransactionCommands, 1);
        RequireAtLeast(nameof(InMemoryMessageThreshold), InMemoryMessageThreshold, 0);
        RequireTimeout(nameof(CommandTimeout), CommandTimeout);
        RequireTimeout(nameof(CommandLineTimeout), CommandLineTimeout);
        RequireTimeout(nameof(HandshakeTimeout), HandshakeTimeout);
        RequireTimeout(nameof(MaxSessionDuration), MaxSessionDuration);
        RequireTimeout(nameof(ConnectionRateWindow), ConnectionRateWindow);
        RequireTimeout(nameof(AuthFailureWindow), AuthFailureWindow);
        RequireTimeout(nameof(DataTimeout), DataTimeout);
        RequireTimeout(nameof(TlsHandshakeTimeout), TlsHandshakeTimeout);
        if (!Enum.IsDefined(BareLineEndings))
        {
            throw Invalid(nameof(BareLineEndings), $"is not a defined policy (was {BareLineEndings})");
        }

        if (string.IsNullOrWhiteSpace(TemporaryDirectory) || !Path.IsPathFullyQualified(TemporaryDirectory))
        {
            throw Invalid(nameof(TemporaryDirectory), $"must be an absolute directory path (was '{TemporaryDirectory}')");
        }
    }

    internal SmtpServerOptions Clone() => (SmtpServerOptions)MemberwiseClone();

    private static bool IsDomainOrAddressLiteral(string name)
    {
        var sequence = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(name));
        var reader = new SequenceReader<byte>(sequence);
        var parsed = DomainGrammar.TryParseDomain(ref reader, allowUtf8: false, out _)
            || DomainGrammar.TryParseAddressLiteral(ref reader, out _);
        return parsed && reader.End;
    }

    private static void RequireAtLeast(string name, long value, long minimum)
    {
        if (value < minimum)
        {
            throw Invalid(name, $"must be at least {minimum} (was {value})");
        }
    }

    private static void RequireTimeout(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestTimeout)
        {
            throw Invalid(name, $"must be more than zero and at most {LongestTimeout} (was {value})");
        }
    }

    private static ArgumentException Invalid(string name, string problem) =>
        new($"SmtpServerOptions.{name} {problem}.", name);
}
