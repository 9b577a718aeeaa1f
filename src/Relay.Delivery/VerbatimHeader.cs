using System.Text;
using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// The first line of the message, carried through MimeKit's header writer byte for byte.
/// </summary>
/// <remarks>
/// MimeMessage.WriteTo always writes "headers, CRLF, body" and is not virtual, so the message's first line has
/// to travel as a header and the CRLF that ends it is the one MimeKit writes. The protected constructor takes
/// the raw field and value without validation or re-encoding. The id is DKIM-Signature because MimeKit returns
/// the raw value of that header unchanged for every <see cref="FormatOptions"/>, including International, where
/// it would otherwise re-encode unstructured and address headers.
/// </remarks>
internal sealed class VerbatimHeader : Header
{
    public VerbatimHeader(byte[] rawField, byte[] rawValue)
        : base(ParserOptions.Default.Clone(), HeaderId.DkimSignature, Encoding.Latin1.GetString(rawField), rawField, rawValue)
    {
    }
}
