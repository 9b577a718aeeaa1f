using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Relay.Delivery.Queue;

namespace Relay.Delivery.Routing;

/// <summary>
/// MX lookups with DnsClient, through the system resolver or the configured name servers (which may listen on
/// any port, so a test can use a DNS server on loopback).
/// </summary>
public sealed class DnsMxResolver : IMxResolver
{
    private const string NoResolver =
        "no DNS resolver: the system lists no name server (/etc/resolv.conf); set Relay:Delivery:DnsServers";

    private readonly LookupClient? _lookup;

    /// <summary>Queries <paramref name="nameServers"/>, or the system's resolvers when the list is empty.</summary>
    public DnsMxResolver(IReadOnlyList<IPEndPoint> nameServers, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(nameServers);
        try
        {
            // The parameterless constructor reads the system's name servers, and throws when there is none.
            var options = nameServers.Count == 0
                ? new LookupClientOptions()
                : new LookupClientOptions(nameServers.Select(endPoint => new NameServer(endPoint)).ToArray());
            options.Timeout = timeout;
            options.Retries = 2;
            options.UseTcpFallback = true;
            options.ThrowDnsErrors = false;
            options.ContinueOnDnsError = false;
            _lookup = new LookupClient(options);
        }
        catch (ArgumentException)
        {
            // DnsClient refuses an empty list of name servers; every lookup then defers with the reason instead.
            _lookup = null;
        }
    }

    /// <inheritdoc />
    public async Task<MxResolution> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (_lookup is null)
        {
            return MxResolution.Failed(RecipientResult.Temporary("4.4.3", NoResolver));
        }

        try
        {
            var answer = await _lookup.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken);
            if (Failure(domain, answer) is { } failure)
            {
                return MxResolution.Failed(failure);
            }

            var exchangers = answer.Answers.MxRecords().ToList();
            if (exchangers.Any(mx => mx.Exchange.Value is "." or ""))
            {
                return MxResolution.Failed(RecipientResult.Permanent(
                    556, "5.1.10", $"Domain {domain} does not accept mail (null MX, RFC 7505)"));
            }

            // RFC 5321 5.1: without MX records the domain itself is the mail exchanger ("implicit MX").
            var candidates = exchangers.Count == 0
                ? [(Name: domain, Preference: 0)]
                : exchangers.OrderBy(mx => mx.Preference)
                    .Select(mx => (Name: mx.Exchange.Value.TrimEnd('.'), Preference: (int)mx.Preference))
                    .ToList();
            var hosts = new List<MxHost>(candidates.Count);
            foreach (var (name, preference) in candidates)
            {
                hosts.Add(new MxHost(name, preference, await AddressesAsync(name, cancellationToken)));
            }

            return hosts.Any(host => host.Addresses.Count > 0)
                ? MxResolution.Found(hosts)
                : MxResolution.Failed(RecipientResult.Temporary("4.4.4", $"No mail exchanger of {domain} has an address"));
        }
        catch (DnsResponseException exception)
        {
            return MxResolution.Failed(RecipientResult.Temporary(
                "4.4.3", $"DNS lookup for {domain} failed: {NextHopReply.Clean(exception.Message)}"));
        }
        catch (ArgumentOutOfRangeException)
        {
            // DnsClient reads the system's name servers again at query time and throws when there is none.
            return MxResolution.Failed(RecipientResult.Temporary("4.4.3", NoResolver));
        }
    }

    private static RecipientResult? Failure(string domain, IDnsQueryResponse answer)
    {
        if (!answer.HasError)
        {
            return null;
        }

        return answer.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
            ? RecipientResult.Permanent(550, "5.1.2", $"Domain {domain} does not exist")
            : RecipientResult.Temporary("4.4.3", $"DNS lookup for {domain} failed: {answer.ErrorMessage}");
    }

    private async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        var addresses = new List<IPAddress>();
        if (_lookup is null)
        {
            return addresses;
        }

        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var answer = await _lookup.QueryAsync(host, type, cancellationToken: cancellationToken);
            if (!answer.HasError)
            {
                addresses.AddRange(answer.Answers.OfType<AddressRecord>().Select(record => record.Address));
            }
        }

        return addresses;
    }
}
