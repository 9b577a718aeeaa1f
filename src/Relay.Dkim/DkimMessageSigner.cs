using System.Collections.ObjectModel;
using System.Text;
using MimeKit;

namespace Relay.Dkim;

/// <summary>
/// Adds DKIM signatures to a message the way Amazon SES Easy DKIM does (rsa-sha256,
/// relaxed/simple, <c>t=</c>, From oversigned), using MimeKit's <see cref="MimeKit.Cryptography.DkimSigner"/>.
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
    /// MimeKit's signer is synchronous, so the body is hashed with synchronous reads of
    /// <paramref name="source"/>, once per signature, through small pooled buffers; the copy to
    /// <paramref name="destination"/> is asynchronous. The message is never held in memory.
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
        var options = WireFormat.CreateOptions();
        using var unsigned = await UnsignedMessage.ReadAsync(source, cancellationToken);
        var fields = new List<byte[]>(signatures.Count);
        foreach (var request in signatures)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var headersToSign = SignedHeaderList.Build(
                request.HeadersToSign ?? Defaults, unsigned.Headers, request.OversignFrom);
            new TimeProviderDkimSigner(request, _timeProvider).Sign(options, unsigned.Message, headersToSign);

            // The signer inserts its field at the top; take it out so the next signature sees
            // only the received fields, as every verifier will.
            var signature = unsigned.Message.Headers[0];
            unsigned.Message.Headers.RemoveAt(0);
            fields.Add(Serialize(signature, options));
        }

        return fields;
    }

    private static byte[] Serialize(Header signature, FormatOptions options)
    {
        // Fold again with the wire options: the signer folded with FormatOptions.Default (LF on Linux).
        // MimeKit picks the same folding points for the same value, so the relaxed form that was
        // signed (with b= empty) is unchanged.
        signature.SetValue(options, Encoding.ASCII, signature.Value);
        var field = new byte[signature.RawField.Length + 1 + signature.RawValue.Length];
        signature.RawField.CopyTo(field, 0);
        field[signature.RawField.Length] = (byte)':';
        signature.RawValue.CopyTo(field, signature.RawField.Length + 1);
        return field;
    }
}
