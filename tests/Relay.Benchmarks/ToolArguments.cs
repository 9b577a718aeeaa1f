using System.Globalization;

namespace Relay.Benchmarks;

/// <summary>"--name value" options and flags, plus everything after a lone "--" passed through untouched.</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, string?> _options;

    private ToolArguments(Dictionary<string, string?> options, IReadOnlyList<string> passThrough)
    {
        _options = options;
        PassThrough = passThrough;
    }

    /// <summary>The words after "--", e.g. the smtp-source command line.</summary>
    public IReadOnlyList<string> PassThrough { get; }

    public static ToolArguments Parse(ReadOnlySpan<string> args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var index = 0; index < args.Length; index++)
        {
            var word = args[index];
            if (word == "--")
            {
                return new ToolArguments(options, args[(index + 1)..].ToArray());
            }

            if (!word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2)
            {
                throw new ToolUsageException($"unexpected argument '{word}'");
            }

            var hasValue = index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal);
            options[word[2..]] = hasValue ? args[++index] : null;
        }

        return new ToolArguments(options, []);
    }

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new ToolUsageException($"--{name} is required");

    public string? Optional(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public bool Flag(string name) => _options.ContainsKey(name);

    public int RequiredInt(string name) => ParseInt(name, Required(name));

    public int OptionalInt(string name, int fallback) => Optional(name) is { } text ? ParseInt(name, text) : fallback;

    private static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ToolUsageException($"--{name} '{text}' is not a positive whole number");
}
