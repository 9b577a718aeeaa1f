using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using MimeKit;
using Relay.Api.Errors;

namespace Relay.Api.Sending;

/// <summary>
/// Checks and adds a Simple message's custom headers, with the limits of the SES v2 model (<c>MessageHeader</c>,
/// <c>MessageHeaderList</c>: at most 15; a Name of 1 to 126 printable ASCII characters other than colon; a Value of 1
/// to 995 printable ASCII characters; Name and Value together at most 996, so the field fits a 998-octet line) and the
/// refusals of the SES developer guide ("Amazon SES header fields").
/// </summary>
internal static class SimpleHeaders
{
    public const int MaxHeaders = 15;
    public const int MaxNameLength = 126;
    public const int MaxValueLength = 995;
    public const int MaxFieldLength = 996;

    /// <summary>
    /// The headers SES sets itself and so refuses as custom headers (SES developer guide, "Amazon SES header fields"),
    /// and Content-Transfer-Encoding: Relay sets it on the root part and a second one would make the body unreadable.
    /// </summary>
    public static readonly FrozenSet<string> Refused = new[]
    {
        "BCC", "CC", "Content-Disposition", "Content-Type", "Date", "From", "Message-ID", "MIME-Version", "Reply-To",
        "Return-Path", "Subject", "To", "Content-Transfer-Encoding",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fields SES refuses to see twice in a message's header section (same guide).</summary>
    public static readonly FrozenSet<string> SingleInstance = new[]
    {
        "Accept-Language", "acceptLanguage", "Archived-At", "Auto-Submitted", "Bounces-to", "Comments", "Content-Alternative",
        "Content-Base", "Content-Class", "Content-Description", "Content-Disposition", "Content-Duration", "Content-ID",
        "Content-Language", "Content-Length", "Content-Location", "Content-MD5", "Content-Transfer-Encoding", "Content-Type",
        "Date", "Delivered-To", "Disposition-Notification-Options", "Disposition-Notification-To", "DKIM-Signature",
        "DomainKey-Signature", "Errors-To", "From", "Importance", "In-Reply-To", "Keywords", "List-Archive", "List-Help",
        "List-Id", "List-Owner", "List-Post", "List-Subscribe", "List-Unsubscribe", "List-Unsubscribe-Post",
        "Message-Context", "Message-ID", "MIME-Version", "Organization", "Original-From", "Original-Message-ID",
        "Original-Recipient", "Original-Subject", "Precedence", "Priority", "References", "Reply-To", "Return-Path",
        "Return-Receipt-To", "Sender", "Solicitation", "Sensitivity", "Subject", "Thread-Index", "Thread-Topic",
        "User-Agent", "VBR-Info",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks every header first, then appends them in order, each value exactly as given on one line.</summary>
    public static void AddTo(HeaderList headers, IReadOnlyList<SimpleHeader> custom)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(custom);
        Check(custom);
        foreach (var (name, value) in custom)
        {
            // The raw value keeps MimeKit from folding or RFC 2047-encoding what the caller gave.
            var header = new Header(name, value);
            header.SetRawValue(Encoding.ASCII.GetBytes(" " + value + "\r\n"));
            headers.Add(header);
        }
    }

    private static void Check(IReadOnlyList<SimpleHeader> custom)
    {
        if (custom.Count > MaxHeaders)
        {
            throw Refuse(string.Create(CultureInfo.InvariantCulture, $"A message can have at most {MaxHeaders} custom headers, not {custom.Count}."));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in custom)
        {
            if (name.Length is 0 or > MaxNameLength || !name.All(c => c is >= '!' and <= '~' and not ':'))
            {
                throw Refuse(string.Create(CultureInfo.InvariantCulture,
                    $"Header Name '{name}' is not allowed: a Name is 1 to {MaxNameLength} printable ASCII characters (33-126) other than colon."));
            }

            if (Refused.Contains(name))
            {
                throw Refuse($"Header '{name}' cannot be set as a custom header: SES sets it.");
            }

            if (value.Length is 0 or > MaxValueLength || !value.All(c => c is >= ' ' and <= '~'))
            {
                throw Refuse(string.Create(CultureInfo.InvariantCulture,
                    $"Header '{name}': the Value must be 1 to {MaxValueLength} printable ASCII characters (32-126)."));
            }

            if (name.Length + value.Length > MaxFieldLength)
            {
                throw Refuse(string.Create(CultureInfo.InvariantCulture,
                    $"Header '{name}': Name and Value together must not exceed {MaxFieldLength} characters."));
            }

            if (!seen.Add(name) && SingleInstance.Contains(name))
            {
                throw Refuse($"Duplicate header '{name}'.");
            }
        }
    }

    private static ApiException Refuse(string message) => new(SesErrors.InvalidParameterValue(message));
}
