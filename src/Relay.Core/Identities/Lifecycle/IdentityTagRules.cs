namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// SES's limits on tags (API reference, <c>Tag</c> and <c>TagResource</c>): at most 50 per resource; a key of 1–128
/// characters, unique within the request, not starting with the reserved <c>aws:</c> (in any case); a value of
/// 0–256 characters. Characters are Unicode scalar values, as AWS counts them.
/// </summary>
public static class IdentityTagRules
{
    public const int MaxTagsPerIdentity = 50;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;
    public const string ReservedPrefix = "aws:";

    /// <summary>Refuses (InvalidParameter) a set of tags SES would refuse; returns them as given.</summary>
    public static IReadOnlyList<IdentityTag> Validate(IReadOnlyList<IdentityTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count > MaxTagsPerIdentity)
        {
            throw Invalid($"A resource can have at most {MaxTagsPerIdentity} tags; the request has {tags.Count}.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            ValidateKey(tag.Key);
            if (Length(tag.Value) > MaxValueLength)
            {
                throw Invalid($"The value of tag {tag.Key} is longer than {MaxValueLength} characters.");
            }

            if (!keys.Add(tag.Key))
            {
                throw Invalid($"Tag key {tag.Key} is given more than once.");
            }
        }

        return tags;
    }

    /// <summary>Refuses (InvalidParameter) a key SES would refuse.</summary>
    public static string ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var length = Length(key);
        if (length is 0 or > MaxKeyLength)
        {
            throw Invalid($"A tag key must be 1 to {MaxKeyLength} characters long, not {length}.");
        }

        return key.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
            ? throw Invalid($"Tag key {key} starts with the reserved prefix '{ReservedPrefix}'.")
            : key;
    }

    private static int Length(string text) => text.EnumerateRunes().Count();

    private static IdentityOperationException Invalid(string message) => new(IdentityErrorKind.InvalidParameter, message);
}
