using System.Text;

namespace Relay.Dkim;

/// <summary>
/// Writes a DKIM-Signature field (RFC 6376 section 3.5) folded under 78 columns: <c>v a c d s t h bh</c> (the
/// <c>h=</c> names in lower case, as MimeKit writes them), then
/// <c>b=</c> last, so that the field with its <c>b=</c> value deleted, the form that is hashed, is the text up to
/// and including <c>b=</c>.
/// </summary>
internal static class DkimSignatureField
{
    private const int LineLimit = 76;
    private const int SignatureChunk = 70;
    private const string Fold = "\r\n ";

    /// <summary>The field up to <c>b=</c>: hash it (relaxed, no CRLF), then append the signature with <see cref="Complete"/>.</summary>
    public static string Unsigned(string algorithm, string domain, string selector, long timestamp, IReadOnlyList<string> signedNames, byte[] bodyHash)
    {
        var field = new StringBuilder("DKIM-Signature: v=1; a=").Append(algorithm).Append(';');
        var line = field.Length;
        Append(field, ref line, "c=relaxed/simple;");
        Append(field, ref line, "d=" + domain + ";");
        Append(field, ref line, "s=" + selector + ";");
        Append(field, ref line, FormattableString.Invariant($"t={timestamp};"));
        for (var i = 0; i < signedNames.Count; i++)
        {
            var name = (i == 0 ? "h=" : string.Empty) + signedNames[i].ToLowerInvariant() + (i == signedNames.Count - 1 ? ";" : ":");
            if (i == 0)
            {
                Append(field, ref line, name);
            }
            else
            {
                AppendUnspaced(field, ref line, name);
            }
        }

        Append(field, ref line, "bh=" + Convert.ToBase64String(bodyHash) + ";");
        Append(field, ref line, "b=");
        return field.ToString();
    }

    /// <summary>The whole field, CRLF included: <paramref name="unsigned"/> and the base64 signature folded after it.</summary>
    public static byte[] Complete(string unsigned, byte[] signature)
    {
        var value = Convert.ToBase64String(signature);
        var field = new StringBuilder(unsigned.Length + value.Length + (value.Length / SignatureChunk * Fold.Length) + 8).Append(unsigned);
        for (var start = 0; start < value.Length; start += SignatureChunk)
        {
            field.Append(Fold).Append(value, start, Math.Min(SignatureChunk, value.Length - start));
        }

        return Encoding.ASCII.GetBytes(field.Append("\r\n").ToString());
    }

    /// <summary>A tag after a space, or on a new folded line when it would pass the limit.</summary>
    private static void Append(StringBuilder field, ref int line, string text)
    {
        if (line + 1 + text.Length > LineLimit)
        {
            field.Append(Fold);
            line = 1;
        }
        else
        {
            field.Append(' ');
            line++;
        }

        field.Append(text);
        line += text.Length;
    }

    /// <summary>A piece of <c>h=</c>: straight after the colon, or on a new line (FWS is allowed around the colons).</summary>
    private static void AppendUnspaced(StringBuilder field, ref int line, string text)
    {
        if (line + text.Length > LineLimit)
        {
            field.Append(Fold);
            line = 1;
        }

        field.Append(text);
        line += text.Length;
    }
}
