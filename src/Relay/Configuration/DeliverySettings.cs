using System.ComponentModel.DataAnnotations;
using System.Net;
using Relay.Delivery.Queue;

namespace Relay.Configuration;

/// <summary>Store-and-forward delivery (<c>Relay:Delivery</c>): the mode, routing, retry timing and limits.</summary>
public sealed class DeliverySettings
{
    public DeliveryMode Mode { get; set; } = DeliveryMode.Queue;

    public DeliveryRouting Routing { get; set; } = DeliveryRouting.Smarthost;

    /// <summary>The port MX hosts are contacted on.</summary>
    public int MxPort { get; set; } = 25;

    /// <summary>MX delivery only: refuse to deliver without STARTTLS (then certificates are checked too).</summary>
    public bool RequireTls { get; set; }

    /// <summary>Name servers for MX lookups, "address" or "address:port"; empty uses the system's resolvers.</summary>
    public List<string> DnsServers { get; set; } = [];

    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(5);

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public double RetryJitter { get; set; } = 0.2;

    public int MaxConcurrentDeliveries { get; set; } = 100;

    public int MaxConcurrentPerDestination { get; set; } = 20;

    public int MaxMessagesPerConnection { get; set; } = 100;

    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public QueueOptions ToQueueOptions() => new()
    {
        MaxAge = MaxAge,
        InitialRetryDelay = InitialRetryDelay,
        MaxRetryDelay = MaxRetryDelay,
        RetryJitter = RetryJitter,
        MaxConcurrentDeliveries = MaxConcurrentDeliveries,
        MaxConcurrentPerDestination = MaxConcurrentPerDestination,
        MaxMessagesPerConnection = MaxMessagesPerConnection,
        ConnectionIdleTimeout = ConnectionIdleTimeout,
    };

    /// <summary>The name servers as end points (port 53 unless given).</summary>
    public IReadOnlyList<IPEndPoint> DnsServerEndPoints() => DnsServers.Select(ParseDnsServer).ToList();

    /// <summary>Throws a <see cref="ValidationException"/> naming every bad setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode) || !Enum.IsDefined(Routing))
        {
            throw new ValidationException("Mode must be Queue or Session, Routing Smarthost or Mx.");
        }

        if (MxPort is < 1 or > 65535)
        {
            throw new ValidationException($"MxPort must be between 1 and 65535 (was {MxPort}).");
        }

        if (DnsTimeout <= TimeSpan.Zero)
        {
            throw new ValidationException($"DnsTimeout must be positive (was {DnsTimeout}).");
        }

        _ = DnsServerEndPoints();
        ToQueueOptions().Validate();
    }

    private static IPEndPoint ParseDnsServer(string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPEndPoint(address, 53);
        }

        return IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port != 0
            ? endPoint
            : throw new ValidationException($"DnsServers entry '{text}' is not an address or address:port.");
    }
}
