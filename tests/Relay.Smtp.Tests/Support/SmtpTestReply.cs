namespace Relay.Smtp.Tests.Support;

/// <summary>A reply as the client read it: the code and every line's text after "code-" / "code ".</summary>
internal sealed record SmtpTestReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The last line's text (after the code and separator).</summary>
    public string Text => Lines[^1];

    /// <summary>The enhanced status code at the start of the last line, or empty.</summary>
    public string EnhancedCode
    {
        get
        {
            var first = Text.Split(' ', 2)[0];
            var parts = first.Split('.');
            return parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)) ? first : string.Empty;
        }
    }

    public override string ToString() => string.Join(" | ", Lines.Select(line => $"{Code} {line}"));
}
