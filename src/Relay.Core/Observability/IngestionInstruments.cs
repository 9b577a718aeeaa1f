using System.Diagnostics.Metrics;

namespace Relay.Core.Observability;

/// <summary>
/// What ingestion measures (meter <c>Relay.Core</c>): replies by front door and code, signatures by signer, signing
/// refusals, and how long acceptance, signing and the hand-over (spool write) take. The per-account series keep at
/// most <see cref="MaxAccounts"/> account labels; later accounts count as <c>other</c>, so a tenant-rich node cannot
/// blow up a Prometheus server.
/// </summary>
public sealed class IngestionInstruments
{
    public const int MaxAccounts = 100;

    private readonly Counter<long> _messages;
    private readonly Counter<long> _accountMessages;
    private readonly Counter<long> _signatures;
    private readonly Counter<long> _signingFailures;
    private readonly Histogram<double> _accept;
    private readonly Histogram<double> _sign;
    private readonly Histogram<double> _handOver;
    private readonly HashSet<string> _accounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public IngestionInstruments(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create("Relay.Core");
        _messages = meter.CreateCounter<long>("relay_messages", description: "Messages offered at the end of DATA or by the API, by front door, outcome and reply.");
        _accountMessages = meter.CreateCounter<long>("relay_account_messages", description: "Messages by account (at most 100 account labels, then other) and outcome.");
        _signatures = meter.CreateCounter<long>("relay_signatures", description: "DKIM signatures added, by signer (domain or provider).");
        _signingFailures = meter.CreateCounter<long>("relay_signing_failures", description: "Messages refused because they could not be signed (malformed header section, bare CR or LF).");
        _accept = meter.CreateHistogram<double>("relay_accept_duration_seconds", description: "From the end of DATA (or the API call) to the reply.");
        _sign = meter.CreateHistogram<double>("relay_sign_duration_seconds", description: "Adding the DKIM signatures to one message.");
        _handOver = meter.CreateHistogram<double>("relay_spool_write_duration_seconds", description: "Handing a signed message on: the durable spool write in queue mode, the forwarding in session mode.");
    }

    public void Message(string frontDoor, string account, string outcome, int replyCode, string status, TimeSpan elapsed)
    {
        _messages.Add(1, new("front_door", frontDoor), new("outcome", outcome), new("code", replyCode), new("status", status));
        _accountMessages.Add(1, new("account", AccountLabel(account)), new("outcome", outcome));
        _accept.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("front_door", frontDoor));
    }

    public void SignaturesAdded(int domain, int provider, TimeSpan elapsed)
    {
        if (domain > 0)
        {
            _signatures.Add(domain, new KeyValuePair<string, object?>("signer", "domain"));
        }

        _signatures.Add(provider, new KeyValuePair<string, object?>("signer", "provider"));
        _sign.Record(elapsed.TotalSeconds);
    }

    public void SigningFailed() => _signingFailures.Add(1);

    public void HandedOver(TimeSpan elapsed) => _handOver.Record(elapsed.TotalSeconds);

    private string AccountLabel(string account)
    {
        lock (_gate)
        {
            if (_accounts.Contains(account))
            {
                return account;
            }

            if (_accounts.Count < MaxAccounts)
            {
                _accounts.Add(account);
                return account;
            }

            return "other";
        }
    }
}
