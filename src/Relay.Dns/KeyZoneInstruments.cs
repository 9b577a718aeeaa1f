using System.Diagnostics.Metrics;
using ARSoft.Tools.Net.Dns;

namespace Relay.Dns;

/// <summary>What the key zone measures (meter <c>Relay.Dns</c>): queries answered, by record type and return code.</summary>
internal sealed class KeyZoneInstruments(IMeterFactory meters)
{
    private readonly Counter<long> _queries = meters.Create("Relay.Dns")
        .CreateCounter<long>("relay_keyzone_queries", description: "Key zone queries answered, by record type and return code.");

    public void Answered(RecordType type, ReturnCode code) => _queries.Add(1, new("type", type.ToString()), new("rcode", code.ToString()));
}
