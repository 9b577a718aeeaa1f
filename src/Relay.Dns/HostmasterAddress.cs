namespace Relay.Dns;

/// <summary>
/// The SOA RNAME written as an e-mail address (RFC 1035 8): the local part becomes the first label, so a dot
/// inside it must stay part of that label (written <c>\.</c> in a zone file).
/// </summary>
internal sealed record HostmasterAddress(string LocalPart, string Domain)
{
    private const int MaxLabelLength = 63;

    /// <summary>Parses <c>local@domain</c> with a local part of letters, digits and <c>. - _ +</c>.</summary>
    public static bool TryParse(string email, out HostmasterAddress? address)
    {
        address = null;
        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return false;
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        var localIsSimple = local.Length <= MaxLabelLength
            && local.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+');
        if (!localIsSimple || !DnsNames.IsHostName(domain))
        {
            return false;
        }

        address = new HostmasterAddress(local, DnsNames.Normalise(domain));
        return true;
    }

    /// <summary>The RNAME labels: the whole local part, then the domain's labels.</summary>
    public string[] ToLabels() => [LocalPart, .. Domain.Split('.')];

    /// <summary>The RNAME in zone-file form, fully qualified.</summary>
    public string ToZoneFileName() => $"{LocalPart.Replace(".", "\\.", StringComparison.Ordinal)}.{Domain}.";
}
