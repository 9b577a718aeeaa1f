namespace Relay.Container.Tests;

/// <summary>Reads CRLF-terminated lines as raw bytes (without the CRLF); a bare LF stays inside the line.</summary>
internal sealed class CrLfLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            for (var i = _start; i < _end; i++)
            {
                if (_buffer[i] != '\n')
                {
                    continue;
                }

                line.Write(_buffer, _start, i - _start + 1);
                _start = i + 1;
                if (line.Length >= 2 && line.GetBuffer()[line.Length - 2] == '\r')
                {
                    return line.ToArray()[..^2];
                }
            }

            line.Write(_buffer, _start, _end - _start);
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            if (_end == 0)
            {
                return null;
            }
        }
    }
}
