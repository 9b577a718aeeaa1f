namespace Relay.Dkim;

/// <summary>
/// Checks a request before any byte is read: d= and s= go into the signature verbatim, so
/// they must be plain DNS names, and h= must name fields a signer may sign.
/// </summary>
internal static class DkimSignatureRequestValidator
{
    // RFC 6376 5.4: these change in transit or must stay unsigned; MimeKit refuses them too.
    private static readonly HashSet<string> Unsignable = new(StringComparer.OrdinalIgnoreCase)
    {
        "Return-Path", "Received", "Comments", "Keywords", "Bcc", "Resent-Bcc", "DKIM-Signature",
    };

    public static void Validate(DkimSignatureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Key);
        RequireDnsName(request.Domain, "domain");
        RequireDnsName(request.Selector, "selector");
        if (request.HeadersToSign is null)
        {
            return;
        }

        foreach (var name in request.HeadersToSign)
        {
            if (string.IsNullOrEmpty(name) || !name.All(c => c is >= '!' and <= '~' and not ':'))
            {
                throw new ArgumentException($"'{name}' is not a header field name.", nameof(request));
            }

            if (Unsignable.Contains(name))
            {
                throw new ArgumentException($"The {name} header field must not be DKIM-signed.", nameof(request));
            }
        }
    }

    private static void RequireDnsName(string? value, string what)
    {
        const int MaxDnsNameLength = 253;
        var valid = !string.IsNullOrEmpty(value)
            && value.Length <= MaxDnsNameLength
            && value.Split('.').All(IsLabel);
        if (!valid)
        {
            throw new ArgumentException(
                $"The DKIM {what} '{value}' is not a DNS name of ASCII letters, digits, '-' and '_' (use A-labels).");
        }
    }

    private static bool IsLabel(string label)
    {
        const int MaxLabelLength = 63;
        return label.Length is > 0 and <= MaxLabelLength
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }
}
