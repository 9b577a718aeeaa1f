using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Relay.Core.Observability;

namespace Relay.Metrics;

/// <summary>
/// Collects the instruments of the <c>Relay.*</c> meters (System.Diagnostics.Metrics) and writes them in the
/// Prometheus text format: a Counter as <c>&lt;name&gt;_total</c>, a Histogram as <c>_bucket</c>/<c>_sum</c>/<c>_count</c>
/// with fixed buckets, an UpDownCounter or ObservableGauge as a gauge. Instrument names are Prometheus names already
/// (<c>relay_…</c>, unit suffix included); tags become labels. Only the meters of this host's
/// <see cref="IMeterFactory"/> are collected, so that two hosts in one process (tests) keep their counts apart. It is
/// a hosted service only to start listening before the first message, not at the first scrape.
/// </summary>
internal sealed class PrometheusMeterExporter : IPrometheusMetrics, IHostedService, IDisposable
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();

    public PrometheusMeterExporter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name.StartsWith(MeterNames.Prefix, StringComparison.Ordinal))
            {
                _series.TryAdd(instrument, new Series(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _series.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            series.Write(text);
        }

        await writer.WriteAsync(text.ToString());
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Record(value, Labels(tags));
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    /// <summary>One instrument's values by label set.</summary>
    private sealed class Series(Instrument instrument)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (long[] Counts, double Sum, long Count)> _histograms = new(StringComparer.Ordinal);

        // Decided once: every message records several measurements, and the kind never changes.
        private readonly bool _isHistogram = IsGeneric(instrument, typeof(Histogram<>));
        private readonly bool _isCounter = IsGeneric(instrument, typeof(Counter<>)) || IsGeneric(instrument, typeof(ObservableCounter<>));

        public Instrument Instrument => instrument;

        private bool IsObservable => instrument.IsObservable;

        public void Record(double value, string labels)
        {
            lock (_gate)
            {
                if (_isHistogram)
                {
                    var (counts, sum, count) = _histograms.TryGetValue(labels, out var existing) ? existing : (new long[Buckets.Length], 0d, 0L);
                    for (var index = 0; index < Buckets.Length; index++)
                    {
                        if (value <= Buckets[index])
                        {
                            counts[index]++;
                        }
                    }

                    _histograms[labels] = (counts, sum + value, count + 1);
                }
                else if (IsObservable)
                {
                    // An observation is the current value, not an increment.
                    _values[labels] = value;
                }
                else
                {
                    _values[labels] = _values.GetValueOrDefault(labels) + value;
                }
            }
        }

        public void Write(StringBuilder text)
        {
            var name = _isCounter ? instrument.Name + "_total" : instrument.Name;
            var type = _isHistogram ? "histogram" : _isCounter ? "counter" : "gauge";
            lock (_gate)
            {
                if (_values.Count == 0 && _histograms.Count == 0)
                {
                    // A counter nothing has happened to yet is 0, so that rate() and alerts see it from the start.
                    if (_isCounter && !IsObservable)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} counter\n{name} 0\n");
                    }

                    return;
                }

                text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {instrument.Description}\n# TYPE {name} {type}\n");
                foreach (var (labels, value) in _values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{Braces(labels)} {Number(value)}\n");
                }

                foreach (var (labels, (counts, sum, count)) in _histograms.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    for (var index = 0; index < Buckets.Length; index++)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(labels, $"le=\"{Number(Buckets[index])}\""))} {counts[index]}\n");
                    }

                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{Braces(Join(labels, "le=\"+Inf\""))} {count}\n");
                    text.Append(CultureInfo.InvariantCulture, $"{name}_sum{Braces(labels)} {Number(sum)}\n");
                    text.Append(CultureInfo.InvariantCulture, $"{name}_count{Braces(labels)} {count}\n");
                }
            }
        }

        private static bool IsGeneric(Instrument instrument, Type definition) =>
            instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == definition;

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static string Braces(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
