namespace Relay.Host.Tests.Support;

/// <summary>One system message as Relay's ingestion received it: envelope and exact bytes.</summary>
internal sealed record SubmittedMessage(string ReversePath, IReadOnlyList<string> Recipients, byte[] Content)
{
    public MimeKit.MimeMessage Parse() => MimeKit.MimeMessage.Load(new MemoryStream(Content));
}
