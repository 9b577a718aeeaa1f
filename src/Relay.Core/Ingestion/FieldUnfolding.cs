namespace Relay.Core.Ingestion;

/// <summary>RFC 5322 2.2.3 unfolding: a line break followed by white space is removed, the white space kept.</summary>
internal static class FieldUnfolding
{
    /// <summary>
    /// Removes the field's final line break and every CRLF (or bare LF) that is followed by WSP. Any other CR or LF
    /// is left in place, where no grammar rule accepts it.
    /// </summary>
    public static byte[] Unfold(ReadOnlySpan<byte> rawValue)
    {
        var value = rawValue;
        if (value.EndsWith("\r\n"u8))
        {
            value = value[..^2];
        }
        else if (value.EndsWith("\n"u8))
        {
            value = value[..^1];
        }

        var unfolded = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var breakLength = value[i..].StartsWith("\r\n"u8) ? 2 : value[i] == (byte)'\n' ? 1 : 0;
            if (breakLength > 0 && i + breakLength < value.Length && value[i + breakLength] is (byte)' ' or (byte)'\t')
            {
                i += breakLength - 1;
                continue;
            }

            unfolded.Add(value[i]);
        }

        return [.. unfolded];
    }
}
