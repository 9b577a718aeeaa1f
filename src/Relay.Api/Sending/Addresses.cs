using MimeKit;
using Relay.Api.Errors;

namespace Relay.Api.Sending;

/// <summary>Parses the addresses SendEmail takes; one malformed address refuses the whole message, as in SES.</summary>
internal static class Addresses
{
    public static MailboxAddress Parse(string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox)
            && mailbox.Address.LastIndexOf('@') is var at && at > 0 && at < mailbox.Address.Length - 1)
        {
            return mailbox;
        }

        throw new ApiException(SesErrors.InvalidParameterValue($"Illegal address in {parameter}: '{text}'."));
    }

    public static IReadOnlyList<MailboxAddress> ParseAll(IReadOnlyList<string> texts, string parameter) =>
        texts.Select(text => Parse(text, parameter)).ToList();
}
