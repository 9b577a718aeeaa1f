using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>DATA: 354, then dot-stuffed content up to CRLF.CRLF, then the handler's reply.</summary>
internal sealed class DataCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Data;

    public override async ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        if (!command.Argument.IsEmpty)
        {
            return CommandResult.Failure(SmtpReplies.NoArguments);
        }

        var verdict = await session.Seams.CheckAsync((policy, context, cancellationToken) => policy.CheckDataAsync(context, cancellationToken));
        if (verdict is { IsPositive: false })
        {
            return CommandResult.Failure(verdict);
        }

        var options = session.Options;
        var decoder = new MessageContentDecoder(
            ContentFraming.DotStuffed, options.BareLineEndings, options.MaxTextLineLength, options.MaxMessageSize);
        await using var buffer = session.CreateMessageBuffer();
        session.Reply(SmtpReplies.StartMailInput);
        await session.Input.ReceiveDataAsync(decoder, buffer);
        return CommandResult.Completed(await session.FinishMessageAsync(decoder, buffer));
    }
}
