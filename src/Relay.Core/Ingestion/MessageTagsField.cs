namespace Relay.Core.Ingestion;

/// <summary>
/// The value of an X-SES-MESSAGE-TAGS field: <c>name=value</c> pairs separated by commas, white space around each
/// name and value ignored (<c>X-SES-MESSAGE-TAGS: campaign=spring, type=newsletter</c>), as SES documents it.
/// </summary>
public static class MessageTagsField
{
    /// <summary>The tags of an (unfolded) field value; false with the reason when a pair is malformed or a tag invalid.</summary>
    public static bool TryParse(string value, out IReadOnlyList<MessageTag> tags, out string problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parsed = new List<MessageTag>();
        tags = parsed;
        foreach (var pair in value.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                problem = string.IsNullOrWhiteSpace(pair)
                    ? "an empty entry (two commas, or a comma at an end)"
                    : $"'{pair.Trim()}' is not name=value";
                return false;
            }

            var tag = new MessageTag(pair[..equals].Trim(), pair[(equals + 1)..].Trim());
            if (MessageTag.Problem(tag.Name, tag.Value) is { } invalid)
            {
                problem = invalid;
                return false;
            }

            parsed.Add(tag);
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>The tags as the field writes them, for logs: <c>name=value, name=value</c>.</summary>
    public static string Format(IEnumerable<MessageTag> tags) => string.Join(", ", tags.Select(tag => $"{tag.Name}={tag.Value}"));
}
