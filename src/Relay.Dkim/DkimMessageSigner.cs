using System.Collections.ObjectModel;

namespace Relay.Dkim;

/// <summary>
/// Adds DKIM signatures to a message the way Amazon SES Easy DKIM does (rsa-sha256, or ed25519-sha256 for an
/// Ed25519 key; relaxed/simple, <c>t=</c>, From oversigned). The body is hashed once for all the signatures, with
/// .NET's SHA-256; the tests hold the result to MimeKit's <see cref="MimeKit.Cryptography.DkimSigner"/> and verifiers.
/// The output is the new DKIM-Signature fields followed by the source bytes, unchanged:
/// what leaves is exactly what was signed. Holds no per-message state; one instance can
/// sign many messages at once.
/// </summary>
public sealed class DkimMessageSigner
{
    // List-Unsubscribe and List-Unsubscribe-Post: RFC 8058 section 4 makes one-click unsubscription (which Gmail and
    // Yahoo require of bulk senders) count only when both are covered by a valid DKIM signature.
    private static readonly ReadOnlyCollection<string> Defaults = Array.AsReadOnly(
    [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Reply-To", "In-Reply-To", "References", "List-Unsubscribe", "List-Unsubscribe-Post",
    ]);

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a signer whose <c>t=</c> comes from <paramref name="timeProvider"/>.</summary>
    public DkimMessageSigner(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>The header fields signed when a request names none (those present; From always).</summary>
    public static IReadOnlyList<string> DefaultSignedHeaders => Defaults;

    /// <summary>
    /// Signs the message in <paramref name="source"/> (seekable, positioned at the message's first
    /// byte, lines ending in CRLF) once per request and writes the DKIM-Signature fields, in request
    /// order, followed by the exact source bytes to <paramref name="destination"/>. Each signature
    /// covers the received header fields only, not the other signatures.
    /// </summary>
    /// <remarks>
    /// The body is read once, through a pooled buffer, and hashed for all signatures; then the source is copied to
    /// <paramref name="destination"/>. The message is never held in memory.
    /// </remarks>
    /// <exception cref="DkimMessageFormatException">The message has no From, a malformed header line,
    /// or a bare CR or LF; nothing has been written.</exception>
    /// <exception cref="ArgumentException">A request has an invalid domain, selector or header name.</exception>
    public async Task SignAsync(
        Stream source, IReadOnlyList<DkimSignatureRequest> signatures, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(destination);
        if (!source.CanSeek || !source.CanRead)
        {
            throw new ArgumentException("The message stream must be readable and seekable.", nameof(source));
        }

        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream must be writable.", nameof(destination));
        }

        if (signatures.Count == 0)
        {
            throw new ArgumentException("At least one DKIM signature must be requested.", nameof(signatures));
        }

        foreach (var request in signatures)
        {
            DkimSignatureRequestValidator.Validate(request);
        }

        var start = source.Position;
        var fields = await CreateSignatureFieldsAsync(source, signatures, cancellationToken);
        foreach (var field in fields)
        {
            await destination.WriteAsync(field, cancellationToken);
        }

        source.Position = start;
        await source.CopyToAsync(destination, cancellationToken);
    }

    private async Task<List<byte[]>> CreateSignatureFieldsAsync(
        Stream source, IReadOnlyList<DkimSignatureRequest> signatures, CancellationToken cancellationToken)
    {
        var section = await HeaderSectionReader.ReadAsync(source, cancellationToken);
        var received = HeaderFieldParser.Parse(section.Fields);
        if (!received.Exists(field => string.Equals(field.Name, "From", StringComparison.OrdinalIgnoreCase)))
        {
            throw new DkimMessageFormatException("The message has no From header field, which DKIM must sign.");
        }

        var bodyHash = await SimpleBodyHash.ComputeAsync(source, section.BodyOffset, cancellationToken);
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var names = received.ConvertAll(field => field.Name);
        var fields = new List<byte[]>(signatures.Count);
        foreach (var request in signatures)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each signature covers the received fields only, not the signatures made before it, as every verifier sees it.
            var signedNames = SignedHeaderList.Build(request.HeadersToSign ?? Defaults, names, request.OversignFrom);
            var unsigned = DkimSignatureField.Unsigned(request.Key.AlgorithmTag, request.Domain, request.Selector, timestamp, signedNames, bodyHash);
            var digest = DkimHeaderHash.Compute(received, signedNames, unsigned);
            fields.Add(DkimSignatureField.Complete(unsigned, request.Key.SignSha256Digest(digest)));
        }

        return fields;
    }
}
