using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>RCPT: "RCPT TO:" ( "&lt;Postmaster@" Domain "&gt;" / "&lt;Postmaster&gt;" / Forward-path ) [SP Rcpt-parameters].</summary>
internal sealed class RcptCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Rcpt;

    public override async ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        var transaction = session.Transaction ?? throw new InvalidOperationException("RCPT outside a transaction.");
        var reader = command.ArgumentReader();
        if (!SmtpCharacters.TryReadIgnoreCase(ref reader, "TO:"u8))
        {
            return CommandResult.Failure(SmtpReplies.RcptSyntax);
        }

        SmtpCharacters.SkipSpaces(ref reader);
        if (!PathGrammar.TryParseForwardPath(ref reader, allowUtf8: true, out var forwardPath))
        {
            return CommandResult.Failure(reader.IsNext((byte)'<') ? SmtpReplies.BadRecipientSyntax : SmtpReplies.RcptSyntax);
        }

        if (!ArgumentParameters.TryRead(ref reader, out var parameters))
        {
            return CommandResult.Failure(SmtpReplies.ParameterSyntax);
        }

        // No RCPT parameter is supported (no DSN).
        if (parameters.Count > 0)
        {
            return CommandResult.Failure(SmtpReplies.UnsupportedParameter(parameters[0].Keyword));
        }

        if (!transaction.SmtpUtf8 && !SmtpCharacters.IsAscii(forwardPath))
        {
            return CommandResult.Failure(SmtpReplies.NonAsciiAddress);
        }

        if (transaction.Recipients.Count >= session.Options.MaxRecipients)
        {
            return CommandResult.Failure(SmtpReplies.TooManyRecipients);
        }

        var verdict = await session.Seams.CheckAsync(
            (policy, context, cancellationToken) => policy.CheckRecipientAsync(context, forwardPath, cancellationToken));
        if (verdict is { IsPositive: false })
        {
            return CommandResult.Failure(verdict);
        }

        transaction.AddRecipient(forwardPath);
        return CommandResult.Success(verdict ?? SmtpReplies.RecipientOk);
    }
}
