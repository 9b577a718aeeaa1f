using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A message as it reached the next hop, split into what Relay puts on top (its Received trace field, then its
/// DKIM-Signature fields) and every byte after them, which must be what the client handed to Relay.
/// </summary>
internal sealed class SignedMessage
{
    private SignedMessage(IReadOnlyList<string> traceFields, IReadOnlyList<string> signatureFields, byte[] rest)
    {
        TraceFields = traceFields;
        SignatureFields = signatureFields;
        Rest = rest;
    }

    /// <summary>The Received fields at the very top, each with its folding and final CRLF.</summary>
    public IReadOnlyList<string> TraceFields { get; }

    /// <summary>The DKIM-Signature fields right after them, each with its folding and final CRLF.</summary>
    public IReadOnlyList<string> SignatureFields { get; }

    /// <summary>The bytes after the trace and signature fields.</summary>
    public byte[] Rest { get; }

    public static SignedMessage Split(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var position = 0;
        var trace = TakeFields(message, "Received:", ref position);
        var signatures = TakeFields(message, "DKIM-Signature:", ref position);
        return new SignedMessage(trace, signatures, message[position..]);
    }

    private static List<string> TakeFields(byte[] message, string fieldName, ref int position)
    {
        var fields = new List<string>();
        while (StartsWithFieldName(message, position, fieldName))
        {
            var end = EndOfField(message, position);
            fields.Add(Encoding.ASCII.GetString(message, position, end - position));
            position = end;
        }

        return fields;
    }

    private static bool StartsWithFieldName(byte[] message, int position, string fieldName) =>
        message.Length - position >= fieldName.Length
        && Encoding.ASCII.GetString(message, position, fieldName.Length).Equals(fieldName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The index just after the CRLF that ends the field: a CRLF not followed by a folding space or tab.</summary>
    private static int EndOfField(byte[] message, int start)
    {
        for (var i = start; i + 1 < message.Length; i++)
        {
            if (message[i] != '\r' || message[i + 1] != '\n')
            {
                continue;
            }

            var next = i + 2;
            if (next >= message.Length || (message[next] != ' ' && message[next] != '\t'))
            {
                return next;
            }
        }

        return message.Length;
    }
}
