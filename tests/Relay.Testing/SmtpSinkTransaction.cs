namespace Relay.Testing;

/// <summary>One mail transaction an <see cref="SmtpSink"/> received up to the end of its DATA.</summary>
public sealed class SmtpSinkTransaction
{
    internal SmtpSinkTransaction(string mailFromLine)
    {
        MailFromLine = mailFromLine;
    }

    /// <summary>The whole MAIL command line as received, e.g. "MAIL FROM:&lt;a@example.com&gt; BODY=8BITMIME".</summary>
    public string MailFromLine { get; }

    /// <summary>The reverse-path between the angle brackets; empty for the null sender.</summary>
    public string ReversePath => SmtpSinkPaths.PathOf(MailFromLine["MAIL FROM:".Length..]);

    /// <summary>The ESMTP parameters after the reverse-path, e.g. "BODY=8BITMIME", "SMTPUTF8", "SIZE=123".</summary>
    public IReadOnlyList<string> MailParameters => SmtpSinkPaths.ParametersOf(MailFromLine["MAIL FROM:".Length..]);

    /// <summary>Every RCPT command line as received, accepted or not.</summary>
    public IReadOnlyList<string> RcptToLines => _rcptToLines;

    /// <summary>The addresses of the recipients the sink accepted, in order.</summary>
    public IReadOnlyList<string> Recipients => _recipients;

    /// <summary>The message as received: dot-stuffing removed, terminating "." line excluded.</summary>
    public byte[] Data { get; internal set; } = [];

    /// <summary>The reply the sink gave after the final dot; null if it never answered.</summary>
    public string? DataReply { get; internal set; }

    /// <summary>True when the final reply was 2xx, i.e. the sink took responsibility for the message.</summary>
    public bool Accepted => DataReply is not null && DataReply.StartsWith('2');

    private readonly List<string> _rcptToLines = [];
    private readonly List<string> _recipients = [];

    internal void AddRecipient(string line, bool accepted)
    {
        _rcptToLines.Add(line);
        if (accepted)
        {
            _recipients.Add(SmtpSinkPaths.PathOf(line["RCPT TO:".Length..]));
        }
    }
}
