namespace Relay.Benchmarks.Tests;

/// <summary>The rows of the markdown tables in a report, each as its trimmed cells, found by the start of the first cell.</summary>
internal sealed class MarkdownTable
{
    private readonly List<string[]> _rows;

    private MarkdownTable(List<string[]> rows)
    {
        _rows = rows;
    }

    public static MarkdownTable Parse(string markdown) =>
        new(markdown.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith('|') && !line.StartsWith("|---", StringComparison.Ordinal))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList());

    public string[] Row(string firstCellStart)
    {
        var row = _rows.FirstOrDefault(cells => cells[0].StartsWith(firstCellStart, StringComparison.Ordinal));
        Assert.That(row, Is.Not.Null, $"no table row starting with '{firstCellStart}'");
        return row!;
    }
}
