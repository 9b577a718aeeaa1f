namespace Relay.Dkim.Tests;

/// <summary>
/// A message to sign. <paramref name="PythonDkimCanParse"/> is false only where python3-dkim's
/// own header parser rejects valid input (1.1.4 refuses white space before a header's colon).
/// <paramref name="BodyLacksFinalCrlf"/> marks a non-empty body whose last line has no CRLF.
/// </summary>
public sealed record CorpusMessage(string Name, byte[] Bytes, bool PythonDkimCanParse = true, bool BodyLacksFinalCrlf = false)
{
    /// <summary>
    /// The bytes as an SMTP peer receives them: DATA ends with CRLF "." CRLF, whose first CRLF
    /// ends the last line, so a client sending a body without a final CRLF supplies it.
    /// </summary>
    public static byte[] AsDeliveredOverSmtp(byte[] message) =>
        message.AsSpan().EndsWith("\r\n"u8) ? message : [.. message, (byte)'\r', (byte)'\n'];

    public override string ToString() => Name;
}
