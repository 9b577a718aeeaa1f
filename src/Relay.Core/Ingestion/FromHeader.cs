using System.Buffers;
using MimeKit;
using Relay.Core.Ingestion.Grammar;

namespace Relay.Core.Ingestion;

/// <summary>Reads the single From address that identity resolution keys on.</summary>
/// <remarks>
/// The field is parsed strictly by RFC 5322 (<see cref="MailboxGrammar"/>), not by a lenient parser: whatever a
/// lenient parser and a receiver's parser read differently (an unquoted "@" in a display name, an unclosed angle
/// address) would let a message be signed for one domain and shown as from another. Anything that is not exactly
/// one mailbox is refused.
/// </remarks>
internal static class FromHeader
{
    /// <summary>
    /// Reads the header block of <paramref name="content"/> and leaves the stream at position 0.
    /// Returns the address, or null with <paramref name="problem"/> saying why there is none.
    /// </summary>
    public static string? ReadSingleAddress(Stream content, out string problem)
    {
        var headers = LoadHeaders(content, out problem);
        return headers is null ? null : ReadSingleAddress(headers, out problem);
    }

    /// <summary>Loads the header block of <paramref name="content"/>, leaving the stream at position 0; null if it cannot be parsed.</summary>
    public static HeaderList? LoadHeaders(Stream content, out string problem)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        try
        {
            var headers = HeaderList.Load(content);
            problem = string.Empty;
            return headers;
        }
        catch (FormatException)
        {
            problem = "the message header could not be parsed";
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>The address of the single From field in <paramref name="headers"/>, or null with <paramref name="problem"/>.</summary>
    public static string? ReadSingleAddress(HeaderList headers, out string problem)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var fromFields = headers.Where(h => h.Id == HeaderId.From).ToList();
        if (fromFields.Count == 0)
        {
            problem = "the message has no From header";
            return null;
        }

        if (fromFields.Count > 1)
        {
            problem = "the message has more than one From header";
            return null;
        }

        // RawValue, not Value: Value has its encoded-words decoded, which would turn a legitimate encoded display
        // name into text that the grammar reads as specials.
        return ParseSingleMailbox(fromFields[0].RawValue, out problem);
    }

    /// <summary>Parses a raw (possibly folded) From field value as exactly one RFC 5322 mailbox.</summary>
    public static string? ParseSingleMailbox(ReadOnlySpan<byte> rawValue, out string problem) =>
        ParseSingleMailbox(rawValue, "From", out problem);

    /// <summary>The same for another field holding one mailbox (Sender); <paramref name="field"/> names it in the problem.</summary>
    public static string? ParseSingleMailbox(ReadOnlySpan<byte> rawValue, string field, out string problem)
    {
        var value = FieldUnfolding.Unfold(rawValue);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(value));
        if (MailboxGrammar.TryParseMailbox(ref reader, out var address) && reader.End)
        {
            problem = string.Empty;
            return address;
        }

        problem = FromFieldDiagnosis.Explain(value, field);
        return null;
    }
}
