using MimeKit;
using Relay.Core.Identities.Lifecycle.Idna;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>Checks identity names and selectors before anything is stored.</summary>
internal static class IdentityNameRules
{
    /// <summary>253 octets less <c>&lt;32-character token&gt;._domainkey.</c>, so that every DKIM record name fits in DNS.</summary>
    public const int MaxDomainLength = 253 - 32 - 12;

    /// <summary>
    /// A lower-case domain of at least two labels (IDNs in their A-label form, valid by IDNA2008 and its bidi rule),
    /// or InvalidParameter saying what is wrong.
    /// </summary>
    public static string Domain(string domain)
    {
        if (string.IsNullOrWhiteSpace(domain) || domain.Contains('@', StringComparison.Ordinal))
        {
            throw Invalid($"Domain {domain} is invalid.");
        }

        if (IdnaDomain.ToAscii(domain.Trim().TrimEnd('.'), out var problem) is not { } ascii)
        {
            throw Invalid($"Domain {domain} is invalid: {problem}.");
        }

        var labels = ascii.Split('.');
        if (ascii.Length > MaxDomainLength || labels.Length < 2 || !labels.All(IsHostLabel))
        {
            throw Invalid($"Domain {domain} is invalid.");
        }

        return ascii;
    }

    /// <summary>A lower-case <c>local@domain</c> address, or InvalidParameter.</summary>
    public static string Address(string address)
    {
        if (string.IsNullOrWhiteSpace(address) || !MailboxAddress.TryParse(address.Trim(), out var mailbox)
            || !IdentityNames.TrySplitAddress(mailbox.Address, out var localPart, out var domain) || mailbox.Address != address.Trim())
        {
            throw Invalid($"Email address {address} is invalid.");
        }

        return $"{localPart.ToLowerInvariant()}@{Domain(domain)}";
    }

    /// <summary>
    /// The stored form of <paramref name="name"/> for lookups: the A-label form of a valid domain or address, so that a
    /// Unicode name finds what was verified under it; otherwise just normalised (it will not be found).
    /// </summary>
    public static string Lookup(string name)
    {
        try
        {
            return name.Contains('@', StringComparison.Ordinal) ? Address(name) : Domain(name);
        }
        catch (IdentityOperationException)
        {
            return IdentityNames.Normalize(name);
        }
    }

    /// <summary>A BYODKIM selector: 1 to 63 letters, digits and inner hyphens (SES's pattern), lower-cased.</summary>
    public static string Selector(string? selector)
    {
        if (string.IsNullOrEmpty(selector) || !IsHostLabel(selector.ToLowerInvariant()))
        {
            throw Invalid($"Selector '{selector}' is invalid: use 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen.");
        }

        return selector.ToLowerInvariant();
    }

    private static bool IsHostLabel(string label) =>
        label.Length is > 0 and <= 63
        && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static IdentityOperationException Invalid(string message) => new(IdentityErrorKind.InvalidParameter, message);
}
