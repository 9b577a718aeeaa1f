namespace Relay.Smtp.Protocol;

/// <summary>The state a BDAT sequence carries from one chunk to the next.</summary>
internal sealed record ChunkedContent(MessageContentDecoder Decoder, MessageBuffer Buffer);
