namespace Relay.Core.Ingestion;

/// <summary>
/// A name/value pair that labels a message for event publishing (SES MessageTag): from the API's Tags (v1) or
/// EmailTags (v2), or from the X-SES-MESSAGE-TAGS field. Kept with the message in the spool and in its log line.
/// </summary>
public sealed record MessageTag(string Name, string Value)
{
    /// <summary>The SES limit on a tag's name and on its value.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Why the tag is not one SES accepts, or null: name and value each 1 to 256 characters, ASCII letters, digits,
    /// underscores and dashes only (the SES MessageTag reference).
    /// </summary>
    public static string? Problem(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return PartProblem("name", name, name) ?? PartProblem("value", value, name);
    }

    private static string? PartProblem(string part, string text, string tagName)
    {
        if (text.Length is 0 or > MaxLength)
        {
            return $"the tag {part} '{Shorten(text)}' must be 1 to {MaxLength} characters long";
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return part == "name"
                    ? $"the tag name '{Shorten(text)}' may contain only ASCII letters, numbers, underscores (_) and dashes (-)"
                    : $"the value of tag '{Shorten(tagName)}' may contain only ASCII letters, numbers, underscores (_) and dashes (-)";
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
