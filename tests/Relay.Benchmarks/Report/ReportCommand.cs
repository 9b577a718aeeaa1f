namespace Relay.Benchmarks.Report;

/// <summary>Turns the results file into the markdown table, prints it and writes it to --out.</summary>
internal static class ReportCommand
{
    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var results = await ResultsFile.ReadAsync(arguments.Required("results"));
        var markdown = MarkdownReport.Render(results);
        var output = arguments.Required("out");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        await Console.Out.WriteAsync(markdown);
        return 0;
    }
}
