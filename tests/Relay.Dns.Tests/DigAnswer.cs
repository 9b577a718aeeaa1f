using System.Text.RegularExpressions;

namespace Relay.Dns.Tests;

/// <summary>What <c>dig</c> printed, read from its default output: status, header flags, and the record lines.</summary>
internal sealed partial class DigAnswer
{
    private DigAnswer(string output)
    {
        Output = output;
        Status = StatusPattern().Match(output) is { Success: true } status ? status.Groups[1].Value : string.Empty;
        Flags = FlagsPattern().Match(output) is { Success: true } flags
            ? flags.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet()
            : [];
        Answer = Section(output, "ANSWER");
        Authority = Section(output, "AUTHORITY");
        Additional = Section(output, "ADDITIONAL");
    }

    public string Output { get; }

    public string Status { get; }

    public IReadOnlySet<string> Flags { get; }

    public IReadOnlyList<string[]> Answer { get; }

    public IReadOnlyList<string[]> Authority { get; }

    public IReadOnlyList<string[]> Additional { get; }

    public static DigAnswer Parse(string output) => new(output);

    /// <summary>The character-strings of a TXT record line, unquoted, in order.</summary>
    public static IReadOnlyList<string> TxtStrings(string line) =>
        QuotedPattern().Matches(line).Select(match => Regex.Unescape(match.Groups[1].Value)).ToArray();

    private static string[][] Section(string output, string name)
    {
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, line => line.StartsWith($";; {name} SECTION:", StringComparison.Ordinal));
        if (start < 0)
        {
            return [];
        }

        return lines.Skip(start + 1)
            .TakeWhile(line => line.Trim().Length > 0)
            .Select(line => new[] { line }.Concat(line.Split((char[])['\t', ' '], 5, StringSplitOptions.RemoveEmptyEntries)).ToArray())
            .ToArray();
    }

    [GeneratedRegex(@"status: ([A-Z]+)")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@";; flags:([a-z ]*);")]
    private static partial Regex FlagsPattern();

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex QuotedPattern();
}
