using System.Text;

namespace Relay.Core.Ingestion.Grammar;

/// <summary>
/// RFC 5321 Domain as a host name: dot-separated labels of letters, digits and inner hyphens (RFC 1123), or labels
/// with non-ASCII characters (U-labels, RFC 6531), each at most 63 octets, 253 in all, with no trailing dot.
/// </summary>
internal static class HostName
{
    private const int MaxLabelOctets = 63;
    private const int MaxNameOctets = 253;

    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > MaxNameOctets)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (!IsValidLabel(label))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidLabel(string label)
    {
        if (label.Length == 0 || Encoding.UTF8.GetByteCount(label) > MaxLabelOctets || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        return label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c > '\u007F');
    }
}
