using System.Text;

namespace Relay.Api.Query;

/// <summary>
/// Reads the parameters of a v1 body that was spilled to a temporary file, a chunk at a time: every parameter but
/// <c>RawMessage.Data</c> becomes a string as <see cref="QueryParameters.Parse"/> makes it; <c>RawMessage.Data</c>
/// is decoded into a temporary file of its own (<see cref="Base64ValueFile"/>), so a large message never sits in memory.
/// </summary>
internal sealed class SpilledFormReader : IAsyncDisposable
{
    public const string RawMessageData = "RawMessage.Data";
    private const int ChunkSize = 16 * 1024;

    private readonly string _temporaryDirectory;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stream> _files = new(StringComparer.Ordinal);
    private readonly MemoryStream _name = new();
    private readonly MemoryStream _value = new();
    private Base64ValueFile? _file;
    private bool _inValue;
    private bool _handedOver;

    private SpilledFormReader(string temporaryDirectory) => _temporaryDirectory = temporaryDirectory;

    /// <summary>The query string's parameters, then the body's (a later duplicate wins, as in <see cref="QueryParameters.Parse"/>).</summary>
    public static async Task<QueryParameters> ReadAsync(Stream body, string rawQuery, string temporaryDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var reader = new SpilledFormReader(temporaryDirectory);
        QueryParameters.AddPairs(reader._values, rawQuery);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await reader.FeedAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        await reader.EndPairAsync(cancellationToken);
        reader._handedOver = true;
        return new QueryParameters(reader._values, reader._files);
    }

    /// <summary>Frees the buffers, and the decoded files unless they were handed over.</summary>
    public async ValueTask DisposeAsync()
    {
        await _name.DisposeAsync();
        await _value.DisposeAsync();
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        if (!_handedOver)
        {
            foreach (var file in _files.Values)
            {
                await file.DisposeAsync();
            }
        }
    }

    private async Task FeedAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        while (!chunk.IsEmpty)
        {
            if (!_inValue)
            {
                var stop = chunk.Span.IndexOfAny((byte)'=', (byte)'&');
                _name.Write(chunk.Span[..(stop < 0 ? chunk.Length : stop)]);
                if (stop < 0)
                {
                    return;
                }

                if (chunk.Span[stop] == '&')
                {
                    await EndPairAsync(cancellationToken);
                }
                else
                {
                    StartValue();
                }

                chunk = chunk[(stop + 1)..];
                continue;
            }

            var end = chunk.Span.IndexOf((byte)'&');
            var part = end < 0 ? chunk : chunk[..end];
            if (_file is not null)
            {
                await _file.WriteAsync(part, cancellationToken);
            }
            else
            {
                _value.Write(part.Span);
            }

            if (end < 0)
            {
                return;
            }

            await EndPairAsync(cancellationToken);
            chunk = chunk[(end + 1)..];
        }
    }

    private void StartValue()
    {
        _inValue = true;
        if (CurrentName() == RawMessageData)
        {
            _file = new Base64ValueFile(_temporaryDirectory, RawMessageData);
        }
    }

    private async Task EndPairAsync(CancellationToken cancellationToken)
    {
        if (_name.Length == 0 && !_inValue)
        {
            return;
        }

        var name = CurrentName();
        if (_files.Remove(name, out var earlier))
        {
            await earlier.DisposeAsync();
        }

        if (_file is not null)
        {
            var file = _file;
            _file = null;
            await using (file)
            {
                _files[name] = await file.CompleteAsync(cancellationToken);
            }

            _values.Remove(name);
        }
        else
        {
            _values[name] = _inValue ? QueryParameters.Decode(Encoding.UTF8.GetString(_value.GetBuffer(), 0, (int)_value.Length)) : string.Empty;
        }

        _name.SetLength(0);
        _value.SetLength(0);
        _inValue = false;
    }

    private string CurrentName() => QueryParameters.Decode(Encoding.UTF8.GetString(_name.GetBuffer(), 0, (int)_name.Length));
}
