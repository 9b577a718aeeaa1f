using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>
/// BDAT (RFC 3030 CHUNKING): exactly chunk-size octets follow the command. The chunk is consumed even when the
/// command is refused, so the octets are never read as commands.
/// </summary>
internal sealed class BdatCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Bdat;

    public override async ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        if (!BdatArgument.TryParse(command, out var argument))
        {
            // Without a valid size there is no telling where the chunk ends.
            return CommandResult.Close(SmtpReplies.BdatSyntax);
        }

        var transaction = session.Transaction ?? throw new InvalidOperationException("BDAT outside a transaction.");
        var content = transaction.Chunks ??= new ChunkedContent(CreateDecoder(session.Options, transaction.BodyType), session.CreateMessageBuffer());
        await session.Input.ReceiveChunkAsync(argument.ChunkSize, content);
        if (argument.Last)
        {
            await session.Input.CompleteChunksAsync(content);
            return CommandResult.Completed(await session.FinishMessageAsync(content.Decoder, content.Buffer));
        }

        var refusal = session.RefusalFor(content.Decoder.Violations) ?? session.RefusalFor(content.Buffer);
        return refusal is null
            ? CommandResult.Success(SmtpReplies.ChunkReceived(argument.ChunkSize))
            : CommandResult.Failure(refusal);
    }

    public override async ValueTask<bool> OnRefusedAsync(SmtpSession session, CommandLine command)
    {
        if (!BdatArgument.TryParse(command, out var argument))
        {
            return false;
        }

        await session.Input.ReceiveChunkAsync(argument.ChunkSize, content: null);
        return true;
    }

    private static MessageContentDecoder CreateDecoder(SmtpServerOptions options, SmtpBodyType bodyType) => new(
        bodyType == SmtpBodyType.BinaryMime ? ContentFraming.Binary : ContentFraming.Chunked,
        options.BareLineEndings,
        options.MaxTextLineLength,
        options.MaxMessageSize);
}
