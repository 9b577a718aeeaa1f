namespace Relay.Core.Ingestion;

/// <summary>
/// What <see cref="HeaderPreparation"/> did. <paramref name="Content"/> holds the prepared message (CRLF, at position 0),
/// or is null when the message goes as it came; the caller disposes it. <paramref name="ConfigurationSet"/> and
/// <paramref name="MessageTags"/> are the values of the consumed X-SES-CONFIGURATION-SET and X-SES-MESSAGE-TAGS fields
/// (several tag fields joined with commas), null when absent; <paramref name="Changes"/> says what was done, for the log.
/// </summary>
internal sealed record HeaderPreparationResult(Stream? Content, string? ConfigurationSet, string? MessageTags, IReadOnlyList<string> Changes)
{
    public static HeaderPreparationResult Unchanged { get; } = new(null, null, null, []);

    /// <summary>
    /// The configuration set and tags the message is sent with: the API's parameters when given, else the fields'.
    /// As SES documents, tags given as API parameters replace the field's, never join them. Returns why the
    /// X-SES-MESSAGE-TAGS field cannot be used, or null.
    /// </summary>
    public string? ResolveAttributes(InboundMessage message, out string? configurationSet, out IReadOnlyList<MessageTag> tags)
    {
        ArgumentNullException.ThrowIfNull(message);
        configurationSet = message.ConfigurationSetName ?? ConfigurationSet;
        tags = message.Tags ?? [];
        if (tags.Count > 0 || MessageTags is null)
        {
            return null;
        }

        if (!MessageTagsField.TryParse(MessageTags, out var parsed, out var problem))
        {
            return $"invalid {HeaderPreparation.MessageTagsFieldName} field: {problem}";
        }

        tags = parsed;
        return null;
    }
}
