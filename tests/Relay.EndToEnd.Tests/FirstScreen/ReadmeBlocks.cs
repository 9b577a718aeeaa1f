namespace Relay.EndToEnd.Tests.FirstScreen;

/// <summary>The README's first-screen code blocks, found by the HTML comment marker above each.</summary>
internal static class ReadmeBlocks
{
    /// <summary>The text of the fenced block that follows <c>&lt;!-- first-screen:NAME --&gt;</c>.</summary>
    public static string Block(string readme, string name)
    {
        var marker = readme.IndexOf($"<!-- first-screen:{name} -->", StringComparison.Ordinal);
        Assert.That(marker, Is.GreaterThanOrEqualTo(0), $"the README has no first-screen:{name} block");
        var open = readme.IndexOf("```sh\n", marker, StringComparison.Ordinal) + "```sh\n".Length;
        var close = readme.IndexOf("\n```", open, StringComparison.Ordinal);
        return readme[open..close];
    }

    /// <summary>The commands of a block: its lines without comments and blank lines.</summary>
    public static List<string> Commands(string block) =>
        block.Split('\n').Where(line => line.Length > 0 && !line.TrimStart().StartsWith('#')).ToList();
}
