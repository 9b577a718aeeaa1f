using MimeKit;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Identities;

/// <summary>The text of Relay's own messages about identities.</summary>
internal sealed class NoticeMessages(string fromAddress, string serverName, TimeProvider time)
{
    public MimeMessage StatusChange(IdentityEvent identityEvent, string to)
    {
        var identity = identityEvent.Identity;
        var body =
            $"""
            {identityEvent.Message}

            Identity:      {identity.Name}
            DKIM status:   {SesNames.Status(identity.DkimStatus)}
            Verification:  {SesNames.Status(identity.VerificationStatus)}
            Signing:       {(identity.SigningEnabled ? "enabled" : "disabled")}

            What the last DNS check found:
            {Findings(identity)}
            """;
        return Build(to, $"[Relay] {identity.Name}: {Headline(identityEvent)}", body);
    }

    public MimeMessage Confirmation(Identity identity, Uri link) => Build(
        identity.Name,
        "Please confirm your email address for sending through Relay",
        $"""
        Someone asked to send mail as {identity.Name} through Relay.

        If it was you, confirm the address by opening this link:

        {link}

        The link works for a limited time. If you did not ask for this, ignore this message.
        """);

    private MimeMessage Build(string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(fromAddress));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = time.GetUtcNow();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(serverName);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain") { Text = text.Replace("\n", "\r\n", StringComparison.Ordinal) };

        // System submission carries 7-bit content only; DNS findings hold "→", so let MimeKit pick a transfer encoding.
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    private static string Headline(IdentityEvent identityEvent) => identityEvent.Kind switch
    {
        IdentityEventKind.DkimRecordsMissing => "DKIM records missing",
        IdentityEventKind.DkimKeysSwitched => "new DKIM keys in use",
        IdentityEventKind.DkimKeyChangeAbandoned => "new DKIM keys dropped",
        _ when identityEvent.To is { } to => $"status {SesNames.Status(to)}",
        _ => identityEvent.Kind.ToString(),
    };

    private static string Findings(Identity identity)
    {
        var records = identity.DkimCheck.Records.Concat(identity.Ed25519?.Check.Records ?? []).Concat(identity.VerificationCheck.Records).ToList();
        return records.Count == 0
            ? "  (no check yet)"
            : string.Join("\n", records.Select(record => $"  {record.Type} {record.Name}: {record.Outcome} - {record.Explanation}"));
    }
}
