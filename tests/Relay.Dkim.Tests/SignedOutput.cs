using System.Text;

namespace Relay.Dkim.Tests;

/// <summary>
/// Takes apart a signer's output independently of the signer: the leading DKIM-Signature
/// fields (a field ends where a line starts with neither SP nor HTAB) and what follows them.
/// </summary>
internal sealed class SignedOutput
{
    private SignedOutput(IReadOnlyList<string> fields, byte[] rest)
    {
        Fields = fields;
        Rest = rest;
    }

    /// <summary>The raw leading DKIM-Signature fields, with their folding and CRLFs.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Every byte after the last leading DKIM-Signature field.</summary>
    public byte[] Rest { get; }

    public static SignedOutput Parse(byte[] output)
    {
        var fields = new List<string>();
        var position = 0;
        while (output.AsSpan(position).StartsWith("DKIM-Signature:"u8))
        {
            var end = position;
            do
            {
                end = output.AsSpan(end).IndexOf("\r\n"u8) + end + 2;
            }
            while (end < output.Length && output[end] is (byte)' ' or (byte)'\t');

            fields.Add(Encoding.ASCII.GetString(output, position, end - position));
            position = end;
        }

        return new SignedOutput(fields, output[position..]);
    }

    /// <summary>The tag=value pairs of one field, unfolded, white space removed as RFC 6376 3.2 allows.</summary>
    public static IReadOnlyDictionary<string, string> Tags(string field)
    {
        var value = field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(tag => tag.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => string.Concat(pair[1].Where(c => !char.IsWhiteSpace(c))));
    }

    public IReadOnlyList<string> SignedHeaderNames(int fieldIndex) => Tags(Fields[fieldIndex])["h"].Split(':');
}
