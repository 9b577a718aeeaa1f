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
    private readonly LookupClient _lookup;

    /// <summary>Queries <paramref name="nameServers"/>, or the system's resolvers when the list is empty.</summary>
    public DnsMxResolver(IReadOnlyList<IPEndPoint> nameServers, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(nameServers);
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

    /// <inheritdoc />
    public async Task<MxResolution> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
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
