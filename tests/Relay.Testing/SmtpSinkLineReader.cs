namespace Relay.Testing;

/// <summary>Reads CRLF-terminated lines as raw bytes; a bare CR or LF stays inside the line.</summary>
internal sealed class SmtpSinkLineReader
{
    private const int MaxLineLength = 1 << 20;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public SmtpSinkLineReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next line without its CRLF, or null at end of stream.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            for (var i = _start; i < _end; i++)
            {
                if (_buffer[i] != '\n' || !EndsWithCr(line, i))
                {
                    continue;
                }

                line.Write(_buffer, _start, i - _start);
                _start = i + 1;
                return line.ToArray()[..^1];
            }

            line.Write(_buffer, _start, _end - _start);
            if (line.Length > MaxLineLength)
            {
                throw new InvalidDataException("line too long");
            }

            _start = 0;
            _end = await _stream.ReadAsync(_buffer, cancellationToken);
            if (_end == 0)
            {
                return null;
            }
        }
    }

    private bool EndsWithCr(MemoryStream pending, int lineFeedIndex) =>
        lineFeedIndex > _start
            ? _buffer[lineFeedIndex - 1] == '\r'
            : pending.Length > 0 && pending.GetBuffer()[pending.Length - 1] == '\r';
}
