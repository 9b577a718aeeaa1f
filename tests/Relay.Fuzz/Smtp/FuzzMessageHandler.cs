namespace Relay.Fuzz.Smtp;

/// <summary>
/// The message handler of the SMTP target: numbers each call, checks what it was given (at least one recipient, no
/// more than allowed, no bare CR or LF and no over-long line unless BINARYMIME, within the size limit) and
/// acknowledges with <c>250 2.6.0 Queued as FUZZ&lt;n&gt;</c> so that every acknowledgement can be matched to its call.
/// </summary>
internal sealed class FuzzMessageHandler : ISmtpMessageHandler
{
    public const string AcknowledgementPrefix = "Queued as FUZZ";

    private readonly SmtpServerOptions _options;
    private readonly List<string> _violations = [];

    public FuzzMessageHandler(SmtpServerOptions options) => _options = options;

    public int Calls { get; private set; }

    public IReadOnlyList<string> Violations => _violations;

    public void Reset()
    {
        Calls = 0;
        _violations.Clear();
    }

    public async ValueTask<SmtpReply> HandleMessageAsync(
        SmtpSessionContext session, SmtpEnvelope envelope, Stream content, CancellationToken cancellationToken)
    {
        Calls++;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Inspect(envelope, copy.GetBuffer().AsSpan(0, (int)copy.Length));
        return new SmtpReply(250, "2.6.0", AcknowledgementPrefix + Calls.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private void Inspect(SmtpEnvelope envelope, ReadOnlySpan<byte> content)
    {
        if (envelope.Recipients.Count is 0 || envelope.Recipients.Count > _options.MaxRecipients)
        {
            _violations.Add($"handler called with {envelope.Recipients.Count} recipients");
        }

        if (content.Length > _options.MaxMessageSize)
        {
            _violations.Add($"handler given {content.Length} octets, over MaxMessageSize {_options.MaxMessageSize}");
        }

        if (envelope.BodyType == SmtpBodyType.BinaryMime)
        {
            return;
        }

        var lineStart = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var octet = content[i];
            if (octet == (byte)'\r' && (i + 1 >= content.Length || content[i + 1] != (byte)'\n'))
            {
                _violations.Add($"handler given a bare CR at octet {i}");
                return;
            }

            if (octet == (byte)'\n')
            {
                if (i == 0 || content[i - 1] != (byte)'\r')
                {
                    _violations.Add($"handler given a bare LF at octet {i}");
                    return;
                }

                if (i + 1 - lineStart > _options.MaxTextLineLength)
                {
                    _violations.Add($"handler given a line of {i + 1 - lineStart} octets");
                    return;
                }

                lineStart = i + 1;
            }
        }
    }
}
