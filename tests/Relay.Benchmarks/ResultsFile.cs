using System.Globalization;

namespace Relay.Benchmarks;

/// <summary>
/// The run's numbers, one "key TAB value" line each, appended by run.sh and by these helpers and read by the report.
/// A key may repeat (one line per run); the order of the lines is the order of the runs.
/// </summary>
internal static class ResultsFile
{
    public static async Task AppendAsync(string path, string key, double value) =>
        await AppendAsync(path, key, value.ToString("0.###", CultureInfo.InvariantCulture));

    public static async Task AppendAsync(string path, string key, string value)
    {
        if (key.Contains('\t', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\t', StringComparison.Ordinal))
        {
            throw new ArgumentException($"result {key} must be one line without tabs");
        }

        await File.AppendAllTextAsync(path, $"{key}\t{value}\n");
    }

    public static async Task<ResultSet> ReadAsync(string path)
    {
        var lines = await File.ReadAllLinesAsync(path);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw new BenchmarkFailedException($"{path}: malformed result line '{line}'");
            }

            var key = line[..tab];
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }

            list.Add(line[(tab + 1)..]);
        }

        return new ResultSet(values);
    }
}
