namespace Relay.Smtp;

/// <summary>
/// One SMTP reply: a three-digit code, an RFC 3463 enhanced status code and text.
/// </summary>
/// <param name="Code">The reply code, 200 to 599.</param>
/// <param name="EnhancedCode">
/// The enhanced status code (<c>class.subject.detail</c>) whose class matches the first digit of <paramref name="Code"/>,
/// or empty where RFC 2034 leaves it out (the greeting, replies to EHLO and HELO, and 3xx replies).
/// </param>
/// <param name="Text">The reply text; <c>\n</c> separates the lines of a multi-line reply. No other control characters.</param>
public sealed record SmtpReply(int Code, string EnhancedCode, string Text)
{
    /// <summary>The reply code.</summary>
    public int Code { get; init => field = ValidateCode(value); } = ValidateCode(Code);

    /// <summary>The enhanced status code, or empty.</summary>
    public string EnhancedCode
    {
        get;
        init => field = ValidateEnhancedCode(value, Code);
    } = ValidateEnhancedCode(EnhancedCode, Code);

    /// <summary>The reply text; lines separated by <c>\n</c>.</summary>
    public string Text { get; init => field = ValidateText(value); } = ValidateText(Text);

    /// <summary>True for 2xx replies.</summary>
    public bool IsPositive => Code < 300;

    /// <summary>250 2.0.0 OK.</summary>
    public static SmtpReply Ok { get; } = new(250, "2.0.0", "OK");

    /// <summary>250 2.0.0 Message accepted.</summary>
    public static SmtpReply MessageAccepted { get; } = new(250, "2.0.0", "Message accepted");

    /// <summary>530 5.7.0 Authentication required (RFC 4954).</summary>
    public static SmtpReply AuthenticationRequired { get; } = new(530, "5.7.0", "Authentication required");

    /// <summary>550 5.7.1 Sender not authorized.</summary>
    public static SmtpReply SenderNotAuthorized { get; } = new(550, "5.7.1", "Sender not authorized");

    /// <summary>554 5.7.1 Relay access denied.</summary>
    public static SmtpReply RelayAccessDenied { get; } = new(554, "5.7.1", "Relay access denied");

    /// <summary>550 5.1.1 Mailbox unavailable.</summary>
    public static SmtpReply MailboxUnavailable { get; } = new(550, "5.1.1", "Mailbox unavailable");

    /// <summary>451 4.3.0 Local error in processing; try again later.</summary>
    public static SmtpReply LocalError { get; } = new(451, "4.3.0", "Local error in processing, try again later");

    /// <summary>452 4.3.1 Insufficient system storage.</summary>
    public static SmtpReply InsufficientStorage { get; } = new(452, "4.3.1", "Insufficient system storage");

    /// <summary>The reply as its first wire line would read, without CRLF.</summary>
    public override string ToString() =>
        EnhancedCode.Length == 0 ? $"{Code} {Text}" : $"{Code} {EnhancedCode} {Text}";

    private static int ValidateCode(int code) =>
        code is >= 200 and <= 599
            ? code
            : throw new ArgumentOutOfRangeException(nameof(code), code, "An SMTP reply code is 200 to 599.");

    private static string ValidateEnhancedCode(string enhancedCode, int code)
    {
        ArgumentNullException.ThrowIfNull(enhancedCode);
        if (enhancedCode.Length == 0)
        {
            return enhancedCode;
        }

        if (!IsEnhancedStatusCode(enhancedCode) || enhancedCode[0] - '0' != code / 100)
        {
            throw new ArgumentException(
                $"'{enhancedCode}' is not an enhanced status code whose class matches reply code {code} (RFC 3463).",
                nameof(enhancedCode));
        }

        return enhancedCode;
    }

    // status-code = class "." subject "." detail; class = "2" / "4" / "5"; subject, detail = 1*3digit
    private static bool IsEnhancedStatusCode(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 3
            && parts[0] is "2" or "4" or "5"
            && parts[1].Length is >= 1 and <= 3 && parts[1].All(char.IsAsciiDigit)
            && parts[2].Length is >= 1 and <= 3 && parts[2].All(char.IsAsciiDigit);
    }

    private static string ValidateText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c != '\n' && char.IsControl(c))
            {
                throw new ArgumentException(
                    "SMTP reply text may not contain control characters other than the \\n line separator.", nameof(text));
            }
        }

        return text;
    }
}
