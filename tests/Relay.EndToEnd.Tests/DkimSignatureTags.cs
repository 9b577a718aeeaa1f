namespace Relay.EndToEnd.Tests;

/// <summary>
/// The d=, s= and b= tags of one DKIM-Signature field as it arrived. An RSA signature is exactly as long as the key's
/// modulus, so <see cref="SignatureBits"/> is the length of the key that signed, read from the message itself.
/// </summary>
internal sealed record DkimSignatureTags(string Domain, string Selector, int SignatureBits)
{
    /// <summary>Parses a field such as <see cref="SignedMessage.SignatureFields"/> holds (name, folding and final CRLF included).</summary>
    public static DkimSignatureTags Parse(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var tags = field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..]
            .Split(';')
            .Select(tag => tag.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => WithoutWhitespace(parts[0]), parts => WithoutWhitespace(parts[1]), StringComparer.Ordinal);
        return new DkimSignatureTags(tags["d"], tags["s"], Convert.FromBase64String(tags["b"]).Length * 8);
    }

    private static string WithoutWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
