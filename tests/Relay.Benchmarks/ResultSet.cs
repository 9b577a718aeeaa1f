using System.Globalization;

namespace Relay.Benchmarks;

/// <summary>The results file as read back: every value recorded under each key, in the order recorded.</summary>
internal sealed class ResultSet(IReadOnlyDictionary<string, List<string>> values)
{
    /// <summary>Every key recorded, in no particular order.</summary>
    public IEnumerable<string> Keys => values.Keys;

    public IReadOnlyList<string> All(string key) => values.TryGetValue(key, out var list) ? list : [];

    /// <summary>The last value recorded under <paramref name="key"/>, or null.</summary>
    public string? Text(string key) => values.TryGetValue(key, out var list) ? list[^1] : null;

    public IReadOnlyList<double> Numbers(string key) => All(key).Select(ParseNumber).ToArray();

    public double? Number(string key) => Text(key) is { } text ? ParseNumber(text) : null;

    private static double ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BenchmarkFailedException($"result value '{text}' is not a number");
}
