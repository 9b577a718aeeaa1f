namespace Relay.Smtp.Protocol;

/// <summary>One mail transaction: from an accepted MAIL FROM until the message is handled or the transaction reset.</summary>
internal sealed class SmtpTransaction : IAsyncDisposable
{
    private readonly List<string> _recipients = [];

    public SmtpTransaction(string reversePath, SmtpBodyType bodyType, bool smtpUtf8, long? declaredSize)
    {
        ReversePath = reversePath;
        BodyType = bodyType;
        SmtpUtf8 = smtpUtf8;
        DeclaredSize = declaredSize;
    }

    public string ReversePath { get; }

    public SmtpBodyType BodyType { get; }

    public bool SmtpUtf8 { get; }

    public long? DeclaredSize { get; }

    public IReadOnlyList<string> Recipients => _recipients;

    /// <summary>The content received by BDAT chunks so far; null outside a BDAT sequence.</summary>
    public ChunkedContent? Chunks { get; set; }

    public void AddRecipient(string forwardPath) => _recipients.Add(forwardPath);

    public SmtpEnvelope ToEnvelope() =>
        new(ReversePath, _recipients.ToArray(), BodyType, SmtpUtf8, DeclaredSize);

    public async ValueTask DisposeAsync()
    {
        if (Chunks is not null)
        {
            await Chunks.Buffer.DisposeAsync();
            Chunks = null;
        }
    }
}
