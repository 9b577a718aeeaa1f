using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>MAIL: "MAIL FROM:" Reverse-path [SP Mail-parameters]; starts a transaction once the policy agrees.</summary>
internal sealed class MailCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Mail;

    public override async ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        var reader = command.ArgumentReader();
        if (!SmtpCharacters.TryReadIgnoreCase(ref reader, "FROM:"u8))
        {
            return CommandResult.Failure(SmtpReplies.MailSyntax);
        }

        // Tolerated although RFC 5321 has no space here: "MAIL FROM: <a@b>" is common.
        SmtpCharacters.SkipSpaces(ref reader);
        if (!PathGrammar.TryParseReversePath(ref reader, allowUtf8: true, out var reversePath))
        {
            return CommandResult.Failure(reader.IsNext((byte)'<') ? SmtpReplies.BadSenderSyntax : SmtpReplies.MailSyntax);
        }

        if (!ArgumentParameters.TryRead(ref reader, out var parameters))
        {
            return CommandResult.Failure(SmtpReplies.ParameterSyntax);
        }

        if (!MailParameters.TryRead(parameters, session.Options, out var mail, out var error))
        {
            return CommandResult.Failure(error!);
        }

        if (!mail.SmtpUtf8 && !SmtpCharacters.IsAscii(reversePath))
        {
            return CommandResult.Failure(SmtpReplies.NonAsciiAddress);
        }

        var verdict = await session.Seams.CheckAsync(
            (policy, context, cancellationToken) => policy.CheckSenderAsync(context, reversePath, cancellationToken));
        if (verdict is { IsPositive: false })
        {
            return CommandResult.Failure(verdict);
        }

        session.BeginTransaction(new SmtpTransaction(reversePath, mail.BodyType, mail.SmtpUtf8, mail.DeclaredSize));
        return CommandResult.Success(verdict ?? SmtpReplies.SenderOk);
    }
}
