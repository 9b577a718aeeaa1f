using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Relay.Fuzz.Dns;

/// <summary>
/// The key zone's UDP path as the network reaches it: <see cref="DkimZoneServer"/> with its transport, intake checks,
/// rate limiter, ARSoft's parser and encoder and the responder, fed through <see cref="InMemoryDatagramChannel"/>.
/// Per input: one mutated query from one of a few clients (so rate limiting engages now and then, on a fake clock);
/// the invariants are those of <see cref="DnsResponseChecker"/>, no exception logged, and an outcome in time.
/// </summary>
internal sealed class DnsFuzzTarget : IFuzzTarget
{
    public const string Zone = "dkim.fuzz.example";

    private static readonly IPEndPoint[] Clients =
    [
        new(IPAddress.Parse("192.0.2.10"), 5353),
        new(IPAddress.Parse("192.0.2.77"), 40000),
        new(IPAddress.Parse("198.51.100.1"), 53000),
        new(IPAddress.Parse("2001:db8::53"), 1053),
    ];

    private readonly TimeSpan _deadline;
    private readonly InMemoryDatagramChannel _channel = new();
    private readonly SemaphoreSlim _finished = new(0);
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly DkimZoneServer _server;
    private readonly DkimZoneOptions _options;
    private readonly List<string> _tokens = [];
    private bool _started;
    private bool _hung;

    /// <param name="deadline">How long one query may take to be answered, dropped or limited.</param>
    /// <param name="records">The key records; null for a few keys of every size (the planted-bug tests pass their own).</param>
    public DnsFuzzTarget(TimeSpan deadline, IDkimKeyRecordSource? records = null)
    {
        _deadline = deadline;
        _options = new DkimZoneOptions { Zone = Zone, EndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        _options.NameServerAddresses.Add(IPAddress.Parse("192.0.2.53"));
        _options.NameServerAddresses.Add(IPAddress.Parse("2001:db8::53"));
        _server = new DkimZoneServer(_options, records ?? Keys(_tokens), _logs, _time, _channel, () => _finished.Release());
        if (_tokens.Count == 0)
        {
            _tokens.Add("selector1");
        }
    }

    public string Name => "dns";

    public OutcomeCounter Outcomes { get; } = new();

    public async ValueTask<IReadOnlyList<Finding>> RunAsync(Random random, long index)
    {
        if (_hung)
        {
            return [];
        }

        if (!_started)
        {
            await _server.StartAsync(CancellationToken.None);
            _started = true;
        }

        _time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 400)));
        var query = DnsPacketGenerator.Generate(random, Zone, _tokens);
        _channel.Deliver(query, Clients[random.Next(Clients.Length)]);

        var findings = new List<Finding>();
        if (!await _finished.WaitAsync(_deadline))
        {
            // The transport handles one datagram at a time: after a hang, later inputs would only queue behind it.
            _hung = true;
            findings.Add(Found(index, "an outcome within the deadline", $"no answer, drop or limit after {_deadline.TotalSeconds:F0} s", query));
            return findings;
        }

        var sent = _channel.TakeSent();
        Outcomes.Count(Outcome(sent));
        if (DnsResponseChecker.Check(query, sent, _options.MaxUdpPayloadSize) is { } broken)
        {
            findings.Add(Found(index, "a well-formed UDP response", broken, query));
        }

        if (_logs.HasProblems)
        {
            findings.AddRange(_logs.TakeProblems().Select(problem => Found(index, "no exception", problem, query)));
        }

        return findings;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _finished.Dispose();
    }

    private static string Outcome(List<byte[]> sent)
    {
        if (sent.Count == 0)
        {
            return "no response (dropped or rate limited)";
        }

        var response = sent[0];
        if (response.Length < 12)
        {
            return "short";
        }

        var code = (response[3] & 0x0F) switch
        {
            0 => "NOERROR",
            1 => "FORMERR",
            2 => "SERVFAIL",
            3 => "NXDOMAIN",
            4 => "NOTIMP",
            5 => "REFUSED",
            var other => $"rcode {other}",
        };
        var questions = (response[4] << 8) | response[5];
        var truncated = (response[2] & 0x02) != 0 ? " TC" : string.Empty;
        return questions == 0 ? $"{code}{truncated} without question" : $"{code}{truncated}";
    }

    private static InMemoryDkimKeyRecordSource Keys(List<string> tokens)
    {
        var records = new InMemoryDkimKeyRecordSource();
        var random = new Random(14);
        foreach (var (label, length) in new[] { ("selector1", 216), ("aaaabbbbccccddddeeeeffffgggghhhh", 392), ("iiiijjjjkkkkllllmmmmnnnnoooopppp", 736), ("hugekey", 1400) })
        {
            var key = new byte[length * 3 / 4];
            random.NextBytes(key);
            records.Set(label, "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(key));
            tokens.Add(label);
        }

        return records;
    }

    private static Finding Found(long index, string invariant, string detail, byte[] query) =>
        new("dns", index, invariant, detail, Preview.Of(query));
}
