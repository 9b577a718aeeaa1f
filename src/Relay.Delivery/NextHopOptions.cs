using System.ComponentModel.DataAnnotations;

namespace Relay.Delivery;

/// <summary>Where and how forwarded mail leaves Relay.</summary>
public sealed class NextHopOptions
{
    /// <summary>The longest timeout accepted; anything longer is almost certainly a unit mistake.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromHours(1);

    /// <summary>Host name or IP address of the next hop. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>TCP port of the next hop.</summary>
    public int Port { get; set; } = 25;

    /// <summary>How the connection is secured.</summary>
    public NextHopTlsMode TlsMode { get; set; } = NextHopTlsMode.StartTlsWhenAvailable;

    /// <summary>
    /// User name for SMTP AUTH; null for none. Credentials are only sent over TLS unless
    /// <see cref="TlsMode"/> is <see cref="NextHopTlsMode.None"/>.
    /// </summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP AUTH; required when <see cref="UserName"/> is set.</summary>
    public string? Password { get; set; }

    /// <summary>Limit for connection setup: TCP connect, greeting, EHLO and the TLS handshake, each step.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit for each read or write once connected (MailKit's <c>Timeout</c>).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long to wait for the reply to QUIT. The result is decided by then, so this only bounds how long our own
    /// client waits for a next hop that is slow to say goodbye.
    /// </summary>
    public TimeSpan QuitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The name Relay gives in EHLO; null to use the local IP address literal.</summary>
    public string? LocalDomain { get; set; }

    /// <summary>Accept any server certificate. Only for tests and private next hops you control.</summary>
    public bool AcceptInvalidCertificates { get; set; }

    /// <summary>Throws a <see cref="ValidationException"/> naming every bad setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        ValidateHost(errors);
        if (Port is < 1 or > 65535)
        {
            errors.Add($"{Name(nameof(Port))} must be between 1 and 65535 (was {Port}).");
        }

        if (!Enum.IsDefined(TlsMode))
        {
            errors.Add($"{Name(nameof(TlsMode))} must be one of {string.Join(", ", Enum.GetNames<NextHopTlsMode>())} (was {(int)TlsMode}).");
        }

        ValidateCredentials(errors);
        ValidateTimeout(errors, nameof(ConnectTimeout), ConnectTimeout);
        ValidateTimeout(errors, nameof(CommandTimeout), CommandTimeout);
        ValidateTimeout(errors, nameof(QuitTimeout), QuitTimeout);
        ValidateLocalDomain(errors);

        if (errors.Count > 0)
        {
            throw new ValidationException("Invalid next hop settings: " + string.Join(" ", errors));
        }
    }

    private static string Name(string property) => $"{nameof(NextHopOptions)}.{property}";

    private static bool IsHostText(string value) =>
        value.Length <= 255 && value.All(c => c > ' ' && c != '\u007f' && c != '/' && c != '@');

    private void ValidateHost(List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add($"{Name(nameof(Host))} is required.");
        }
        else if (!IsHostText(Host))
        {
            errors.Add($"{Name(nameof(Host))} must be a host name or IP address without spaces (was '{Host}').");
        }
    }

    private void ValidateCredentials(List<string> errors)
    {
        if (UserName is not null && string.IsNullOrWhiteSpace(UserName))
        {
            errors.Add($"{Name(nameof(UserName))} must not be blank; leave it unset for no authentication.");
        }

        if (UserName is not null && Password is null)
        {
            errors.Add($"{Name(nameof(Password))} is required when {Name(nameof(UserName))} is set.");
        }

        if (UserName is null && Password is not null)
        {
            errors.Add($"{Name(nameof(Password))} is set but {Name(nameof(UserName))} is not.");
        }
    }

    private static void ValidateTimeout(List<string> errors, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaximumTimeout)
        {
            errors.Add($"{Name(property)} must be greater than zero and at most {MaximumTimeout} (was {value}).");
        }
    }

    private void ValidateLocalDomain(List<string> errors)
    {
        if (LocalDomain is not null && (LocalDomain.Length == 0 || !IsHostText(LocalDomain.Trim('[', ']'))))
        {
            errors.Add($"{Name(nameof(LocalDomain))} must be a domain name or address literal without spaces (was '{LocalDomain}').");
        }
    }
}
