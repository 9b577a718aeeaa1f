namespace Relay.Cli;

/// <summary>
/// Splits the command line into the command words (<c>identity add</c>), its options (<c>--name x</c>, <c>--name=x</c>)
/// and configuration overrides (any option with a colon, <c>--Relay:Smtp:MaxRecipients=10</c>, or <c>--settings FILE</c>).
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments()
    {
    }

    public List<string> Words { get; } = [];

    public List<string> ConfigurationArguments { get; } = [];

    public string? SettingsFile { get; private set; }

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new CliArguments();
        for (var index = 0; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg is "--help" or "-h")
            {
                parsed.AsksForHelp = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Words.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            string value;
            if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (index + 1 < args.Count && !args[index + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++index];
            }
            else
            {
                value = "true";
            }

            if (name.Equals("settings", StringComparison.OrdinalIgnoreCase))
            {
                parsed.SettingsFile = value;
            }
            else if (name.Contains(':', StringComparison.Ordinal))
            {
                parsed.ConfigurationArguments.Add($"--{name}={value}");
            }
            else
            {
                parsed._options[name] = value;
            }
        }

        return parsed;
    }

    /// <summary>True when <c>--help</c> or <c>-h</c> stands anywhere on the line: help wins over everything else.</summary>
    public bool AsksForHelp { get; private set; }

    /// <summary>The options given (without their values), for commands that take none.</summary>
    public IEnumerable<string> OptionNames => _options.Keys;

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new CliUsageException($"--{name} is required.");

    public string? Optional(string name) => _options.GetValueOrDefault(name);

    public IEnumerable<string> UnknownOptions(params string[] known) =>
        _options.Keys.Where(key => !known.Contains(key, StringComparer.OrdinalIgnoreCase));
}
