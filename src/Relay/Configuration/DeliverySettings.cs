using System.ComponentModel.DataAnnotations;
using System.Net;
using Relay.Delivery.Queue;

namespace Relay.Configuration;

/// <summary>Store-and-forward delivery (<c>Relay:Delivery</c>): the mode, routing, retry timing and limits.</summary>
public sealed class DeliverySettings
{
    private readonly QueueOptions _queue = new();

    public DeliveryMode Mode { get; set; } = DeliveryMode.Queue;

    public DeliveryRouting Routing { get; set; } = DeliveryRouting.Smarthost;

    /// <summary>The port MX hosts are contacted on.</summary>
    public int MxPort { get; set; } = 25;

    /// <summary>MX delivery only: refuse to deliver without STARTTLS (then certificates are checked too).</summary>
    public bool RequireTls { get; set; }

    /// <summary>Name servers for MX lookups, "address" or "address:port"; empty uses the system's resolvers.</summary>
    public List<string> DnsServers { get; set; } = [];

    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    // The queue's limits and timing keep their defaults in one place, QueueOptions; these settings write through.
    public TimeSpan MaxAge { get => _queue.MaxAge; set => _queue.MaxAge = value; }

    public TimeSpan InitialRetryDelay { get => _queue.InitialRetryDelay; set => _queue.InitialRetryDelay = value; }

    public TimeSpan MaxRetryDelay { get => _queue.MaxRetryDelay; set => _queue.MaxRetryDelay = value; }

    public double RetryJitter { get => _queue.RetryJitter; set => _queue.RetryJitter = value; }

    public int MaxConcurrentDeliveries { get => _queue.MaxConcurrentDeliveries; set => _queue.MaxConcurrentDeliveries = value; }

    public int MaxConcurrentPerDestination { get => _queue.MaxConcurrentPerDestination; set => _queue.MaxConcurrentPerDestination = value; }

    public int MaxMessagesPerConnection { get => _queue.MaxMessagesPerConnection; set => _queue.MaxMessagesPerConnection = value; }

    public TimeSpan ConnectionIdleTimeout { get => _queue.ConnectionIdleTimeout; set => _queue.ConnectionIdleTimeout = value; }

    /// <summary>A copy of the queue's options as set, for the scheduler to own.</summary>
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
