using System.Net;

namespace Relay.Dns.Verification;

/// <summary>How <see cref="DkimRecordChecker"/> reaches DNS. <see cref="Validate"/> names the first bad setting.</summary>
public sealed class DnsCheckOptions
{
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(1);
    private const int MostRetries = 10;

    /// <summary>
    /// The recursive resolver to ask (address and port). Null (the default) means the system's resolvers from
    /// <c>/etc/resolv.conf</c>.
    /// </summary>
    public IPEndPoint? Resolver { get; set; }

    /// <summary>How long to wait for one answer before retrying. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a query that timed out is sent again. Default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > LongestTimeout)
        {
            throw new ArgumentException(
                $"DnsCheckOptions.Timeout must be more than zero and at most {LongestTimeout} (was {Timeout}).", nameof(Timeout));
        }

        if (Retries is < 0 or > MostRetries)
        {
            throw new ArgumentException($"DnsCheckOptions.Retries must be from 0 to {MostRetries} (was {Retries}).", nameof(Retries));
        }
    }
}
