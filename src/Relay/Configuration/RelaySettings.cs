namespace Relay.Configuration;

/// <summary>Top-level settings under <c>Relay</c>; the SMTP limits (<c>Relay:Smtp</c>), the next hop (<c>Relay:NextHop</c>) and signing (<c>Relay:Signing</c>) bind straight onto their libraries' option types.</summary>
public sealed class RelaySettings
{
    /// <summary>
    /// Holds the SQLite database, keys, the spool, the generated TLS certificate and temporary files. Empty (the default)
    /// means the user's data folder, <c>$XDG_DATA_HOME/relay</c> or <c>~/.local/share/relay</c>, so that the server and
    /// every CLI command find the same folder wherever they are started; relative paths are taken from the working directory.
    /// </summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Where accounts, identities and keys are kept: SQLite in the data folder, or a shared PostgreSQL (<c>Relay:Store</c>).</summary>
    public StoreSettings Store { get; set; } = new();

    /// <summary>How long sessions in flight may take to finish on shutdown.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public ListenerSettings Listeners { get; set; } = new();

    public TlsSettings Tls { get; set; } = new();

    public RelayingSettings Relaying { get; set; } = new();

    public ProviderSettings Provider { get; set; } = new();

    public TraceSettings Trace { get; set; } = new();

    public ApiSettings Api { get; set; } = new();

    /// <summary>The operator's web console (<c>Relay:Console</c>); off by default.</summary>
    public ConsoleSettings Console { get; set; } = new();

    /// <summary>Queue or session mode, routing, retries and limits (<c>Relay:Delivery</c>).</summary>
    public DeliverySettings Delivery { get; set; } = new();

    public KeyZoneSettings KeyZone { get; set; } = new();

    /// <summary>The free-space reserve below which new mail is refused, and the cap on the spool's spare files (<c>Relay:Storage</c>).</summary>
    public Core.Storage.StorageReserveOptions Storage { get; set; } = new();

    /// <summary>The sending limits of an account that has none of its own, and how often counts are written (<c>Relay:Quotas</c>).</summary>
    public Core.Quotas.SendingQuotaOptions Quotas { get; set; } = new();

    public DnsCheckSettings DnsChecks { get; set; } = new();

    public NotificationSettings Notifications { get; set; } = new();

    /// <summary>SES-shaped delivery events to webhooks (<c>Relay:Events</c>).</summary>
    public EventSettings Events { get; set; } = new();

    /// <summary>Accounts created (or updated) at start-up, in addition to those made with the CLI.</summary>
    public List<AccountSettings> Accounts { get; set; } = [];
}
