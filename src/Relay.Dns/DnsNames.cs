namespace Relay.Dns;

/// <summary>Checks of host names and labels in their presentation form (RFC 1035 2.3.1, RFC 1123 2.1).</summary>
internal static class DnsNames
{
    private const int MaxLabelLength = 63;
    private const int MaxNameLength = 253;

    /// <summary>A label of letters, digits, hyphens and underscores, not starting or ending with a hyphen.</summary>
    public static bool IsHostnameLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A fully written host name (a trailing dot is allowed) of at least two labels.</summary>
    public static bool IsHostName(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        var labels = trimmed.Split('.');
        return labels.Length >= 2 && labels.All(IsHostnameLabel);
    }

    /// <summary>The name in lower case without a trailing dot.</summary>
    public static string Normalise(string name) => name.TrimEnd('.').ToLowerInvariant();
}
