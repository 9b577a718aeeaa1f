using System.Globalization;
using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>The MAIL FROM parameters the server understands: SIZE (RFC 1870), BODY (RFC 6152, 3030), SMTPUTF8 (RFC 6531), AUTH (RFC 4954).</summary>
internal sealed record MailParameters(SmtpBodyType BodyType, bool SmtpUtf8, long? DeclaredSize)
{
    private const int LongestSizeValue = 20;

    /// <summary>Reads the parameters; <paramref name="error"/> is the reply for the first bad one.</summary>
    public static bool TryRead(
        IReadOnlyList<EsmtpParameter> parameters, SmtpServerOptions options, out MailParameters result, out SmtpReply? error)
    {
        var bodyType = SmtpBodyType.SevenBit;
        var smtpUtf8 = false;
        long? size = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        result = new MailParameters(bodyType, smtpUtf8, size);
        foreach (var (keyword, value) in parameters)
        {
            if (!seen.Add(keyword))
            {
                error = SmtpReplies.DuplicateParameter(keyword);
                return false;
            }

            error = keyword.ToUpperInvariant() switch
            {
                "SIZE" => ReadSize(value, options.MaxMessageSize, out size),
                "BODY" => ReadBody(value, options.EnableBinaryMime, out bodyType),
                "SMTPUTF8" => ReadFlag(value, out smtpUtf8),
                // RFC 4954 5: a server that offers AUTH must accept AUTH=; this one does not act on it.
                "AUTH" => value is null ? SmtpReplies.ParameterSyntax : null,
                _ => SmtpReplies.UnsupportedParameter(keyword),
            };
            if (error is not null)
            {
                return false;
            }
        }

        result = new MailParameters(bodyType, smtpUtf8, size);
        error = null;
        return true;
    }

    // size-value = 1*20DIGIT
    private static SmtpReply? ReadSize(string? value, long maximum, out long? size)
    {
        size = null;
        if (value is null || value.Length > LongestSizeValue || !value.All(char.IsAsciiDigit))
        {
            return SmtpReplies.ParameterSyntax;
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) || declared > maximum)
        {
            return SmtpReplies.MessageTooLarge(maximum);
        }

        size = declared;
        return null;
    }

    private static SmtpReply? ReadBody(string? value, bool binaryMimeEnabled, out SmtpBodyType bodyType)
    {
        bodyType = SmtpBodyType.SevenBit;
        switch (value?.ToUpperInvariant())
        {
            case "7BIT":
                return null;
            case "8BITMIME":
                bodyType = SmtpBodyType.EightBitMime;
                return null;
            case "BINARYMIME" when binaryMimeEnabled:
                bodyType = SmtpBodyType.BinaryMime;
                return null;
            case null:
                return SmtpReplies.ParameterSyntax;
            default:
                return SmtpReplies.UnsupportedParameter($"BODY={value}");
        }
    }

    private static SmtpReply? ReadFlag(string? value, out bool flag)
    {
        flag = value is null;
        return flag ? null : SmtpReplies.ParameterSyntax;
    }
}
