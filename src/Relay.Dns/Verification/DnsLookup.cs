using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Relay.Dns.Verification;

/// <summary>
/// Asks the configured resolver (DnsClient) with recursion and without any cache of its own, and turns every
/// failure (timeout, unreachable, SERVFAIL, REFUSED) into <see cref="LookupStatus.Failed"/>, never into "not found".
/// </summary>
internal sealed class DnsLookup
{
    private const string NoResolver =
        "no DNS resolver: the system lists no name server (/etc/resolv.conf); set Relay:DnsChecks:Resolver to address:port";

    private readonly LookupClient? _client;

    public DnsLookup(DnsCheckOptions options)
    {
        try
        {
            _client = new LookupClient(ClientOptions(options));
        }
        catch (ArgumentException)
        {
            // DnsClient refuses an empty list of name servers; every check then fails with the reason instead.
            _client = null;
        }
    }

    public async Task<LookupAnswer> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            return LookupAnswer.Failure(NoResolver);
        }

        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException exception)
        {
            return LookupAnswer.Failure(exception.Message);
        }
        catch (SocketException exception)
        {
            return LookupAnswer.Failure(exception.Message);
        }
        catch (ArgumentOutOfRangeException)
        {
            // DnsClient reads the system's name servers again at query time and throws when there is none.
            return LookupAnswer.Failure(NoResolver);
        }

        IReadOnlyList<DnsResourceRecord> records = response.Answers;
        return response.Header.ResponseCode switch
        {
            DnsHeaderResponseCode.NoError => LookupAnswer.From(records.Count > 0 ? LookupStatus.Answered : LookupStatus.NoData, records, response.Authorities),
            DnsHeaderResponseCode.NotExistentDomain => LookupAnswer.From(LookupStatus.NxDomain, records, response.Authorities),
            var code => LookupAnswer.Failure($"the resolver answered {code}"),
        };
    }

    private static LookupClientOptions ClientOptions(DnsCheckOptions options)
    {
        // The parameterless constructor reads the system's name servers, and throws when there is none.
        var clientOptions = options.Resolver is null
            ? new LookupClientOptions()
            : new LookupClientOptions(options.Resolver);
        clientOptions.Timeout = options.Timeout;
        clientOptions.Retries = options.Retries;
        clientOptions.Recursion = true;
        clientOptions.UseCache = false;
        clientOptions.ThrowDnsErrors = false;
        clientOptions.UseTcpFallback = true;
        return clientOptions;
    }
}
