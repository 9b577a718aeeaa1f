namespace Relay.Metrics;

/// <summary>The meters Relay's libraries publish their instruments on; the exporter listens to these only.</summary>
internal static class MeterNames
{
    public const string Prefix = "Relay.";
}
