namespace Relay.Api.Authentication;

/// <summary>
/// The SMTP password SES derives from a secret access key (version 4, documented in "Obtaining Amazon SES SMTP
/// credentials"): the SigV4 key chain with the fixed date 11111111 and service <c>ses</c>, one more HMAC over
/// <c>SendRawEmail</c>, prefixed with the version byte 0x04 and base64-encoded.
/// </summary>
public static class SesSmtpPassword
{
    private const string FixedDate = "11111111";
    private const string Message = "SendRawEmail";
    private const byte Version = 0x04;

    public static string Derive(string secretAccessKey, string region)
    {
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var signature = SigV4Keys.Hmac(SigV4Keys.SigningKey(secretAccessKey, FixedDate, region, "ses"), Message);
        var password = new byte[1 + signature.Length];
        password[0] = Version;
        signature.CopyTo(password, 1);
        return Convert.ToBase64String(password);
    }
}
