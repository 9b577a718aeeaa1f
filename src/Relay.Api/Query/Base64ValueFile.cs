using System.Security.Cryptography;
using Relay.Api.Errors;
using Relay.Api.Http;

namespace Relay.Api.Query;

/// <summary>
/// A form value holding base64 (SendRawEmail's message), decoded as it arrives into a temporary file: form decoding
/// ('+' is a space, <c>%XX</c> an octet, even when a chunk ends inside the escape) and then base64, whose
/// whitespace is ignored as <see cref="Convert.FromBase64String(string)"/> ignores it.
/// </summary>
internal sealed class Base64ValueFile : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly FileStream _file;
    private readonly CryptoStream _decoder;
    private readonly byte[] _decoded = new byte[ChunkSize];
    private readonly string _name;
    private int _escapeDigits = -1;
    private int _escapeHigh;
    private bool _handedOver;

    public Base64ValueFile(string temporaryDirectory, string name)
    {
        _name = name;
        _file = TemporaryFile.Create(temporaryDirectory, "value");
        _decoder = new CryptoStream(_file, new FromBase64Transform(FromBase64TransformMode.IgnoreWhiteSpaces), CryptoStreamMode.Write, leaveOpen: true);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        var count = 0;
        for (var index = 0; index < encoded.Length; index++)
        {
            var octet = encoded.Span[index];
            if (_escapeDigits >= 0)
            {
                var digit = HexValue(octet);
                if (_escapeDigits == 0)
                {
                    _escapeHigh = digit;
                    _escapeDigits = 1;
                    continue;
                }

                _escapeDigits = -1;
                _decoded[count++] = (byte)((_escapeHigh << 4) | digit);
            }
            else if (octet == '%')
            {
                _escapeDigits = 0;
                continue;
            }
            else
            {
                _decoded[count++] = octet == '+' ? (byte)' ' : octet;
            }

            if (count == _decoded.Length)
            {
                await DecodeAsync(count, cancellationToken);
                count = 0;
            }
        }

        await DecodeAsync(count, cancellationToken);
    }

    /// <summary>The decoded value at position 0; from here on the caller owns the file.</summary>
    public async Task<Stream> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_escapeDigits >= 0)
        {
            throw NotBase64();
        }

        try
        {
            await _decoder.FlushFinalBlockAsync(cancellationToken);
        }
        catch (FormatException)
        {
            throw NotBase64();
        }

        await _file.FlushAsync(cancellationToken);
        _file.Position = 0;
        _handedOver = true;
        return _file;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_handedOver)
        {
            await _file.DisposeAsync();
        }
    }

    private async Task DecodeAsync(int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        try
        {
            await _decoder.WriteAsync(_decoded.AsMemory(0, count), cancellationToken);
        }
        catch (FormatException)
        {
            throw NotBase64();
        }
    }

    private int HexValue(byte octet) => octet switch
    {
        >= (byte)'0' and <= (byte)'9' => octet - '0',
        >= (byte)'a' and <= (byte)'f' => octet - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => octet - 'A' + 10,
        _ => throw NotBase64(),
    };

    private ApiException NotBase64() => new(SesErrors.InvalidParameterValue($"{_name} must be base64."));
}
