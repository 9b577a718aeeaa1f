using Relay.Core.Identities;

namespace Relay.Cli;

/// <summary>SES spells statuses SUCCESS, TEMPORARY_FAILURE, NOT_STARTED; the CLI takes and prints them that way.</summary>
internal static class SesStatusNames
{
    public static VerificationStatus Parse(string text, string option) =>
        Enum.TryParse<VerificationStatus>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var status)
        && Enum.IsDefined(status)
            ? status
            : throw new CliUsageException($"--{option} '{text}' is not one of NOT_STARTED, PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE.");

    public static string Format(VerificationStatus status) => SesNames.Status(status);
}
