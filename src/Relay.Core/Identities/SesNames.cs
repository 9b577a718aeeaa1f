namespace Relay.Core.Identities;

/// <summary>SES's spellings of the lifecycle values (SUCCESS, TEMPORARY_FAILURE, RSA_2048_BIT, AWS_SES), for the CLI and the API.</summary>
public static class SesNames
{
    public static string Status(VerificationStatus status) => status switch
    {
        VerificationStatus.NotStarted => "NOT_STARTED",
        VerificationStatus.Pending => "PENDING",
        VerificationStatus.Success => "SUCCESS",
        VerificationStatus.Failed => "FAILED",
        VerificationStatus.TemporaryFailure => "TEMPORARY_FAILURE",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string KeyLength(DkimKeyLength length) => length == DkimKeyLength.Rsa1024 ? "RSA_1024_BIT" : "RSA_2048_BIT";

    public static bool TryParseKeyLength(string text, out DkimKeyLength length)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "RSA_1024_BIT" or "1024":
                length = DkimKeyLength.Rsa1024;
                return true;
            case "RSA_2048_BIT" or "2048":
                length = DkimKeyLength.Rsa2048;
                return true;
            default:
                length = default;
                return false;
        }
    }

    public static string Origin(DkimSigningOrigin origin) => origin == DkimSigningOrigin.External ? "EXTERNAL" : "AWS_SES";
}
