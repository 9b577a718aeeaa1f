namespace Relay.EndToEnd.Tests;

/// <summary>
/// What swaks printed and how it exited. Client lines start " -&gt; " (" ~&gt; " under TLS), server lines "&lt;- " or
/// "&lt;~ " when expected and "&lt;** " or "&lt;~* " when swaks did not expect them (an error reply).
/// </summary>
internal sealed class SwaksTranscript(int exitCode, string text)
{
    private static readonly string[] ServerPrefixes = ["<-  ", "<~  ", "<** ", "<~* "];

    private readonly string[] _lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();

    public int ExitCode { get; } = exitCode;

    public string Text { get; } = text;

    /// <summary>The server's reply lines (prefix removed) to the first client line equal to <paramref name="command"/>.</summary>
    public IReadOnlyList<string> ReplyTo(string command)
    {
        var index = Array.FindIndex(_lines, line => line.Length > 4 && (line[..4] is " -> " or " ~> ") && line[4..] == command);
        return index < 0 ? [] : ServerLinesAfter(index);
    }

    /// <summary>The first client line starting with <paramref name="prefix"/>, e.g. "AUTH PLAIN", or null.</summary>
    public string? ClientLine(string prefix) =>
        _lines.Where(line => line.Length > 4 && line[..4] is " -> " or " ~> ").Select(line => line[4..])
            .FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The reply to the end of the message content: the server lines after the last client "." line.</summary>
    public IReadOnlyList<string> ReplyToEndOfData()
    {
        var index = Array.FindLastIndex(_lines, line => line is " -> ." or " ~> .");
        return index < 0 ? [] : ServerLinesAfter(index);
    }

    public override string ToString() => $"swaks exited {ExitCode}:{Environment.NewLine}{Text}";

    private List<string> ServerLinesAfter(int clientLine) =>
        _lines.Skip(clientLine + 1)
            .TakeWhile(line => ServerPrefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(line => line[4..])
            .ToList();
}
