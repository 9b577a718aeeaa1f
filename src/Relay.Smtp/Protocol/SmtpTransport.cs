using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Relay.Smtp.Protocol;

/// <summary>
/// The byte pipes of one connection, over the plain stream and, after a handshake, over TLS.
/// </summary>
internal sealed class SmtpTransport : IAsyncDisposable
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly Socket? _socket;
    private SslStream? _tls;

    public SmtpTransport(Stream inner, Socket? socket)
    {
        _inner = inner;
        _socket = socket;
        (Input, Output) = CreatePipes(inner);
    }

    public PipeReader Input { get; private set; }

    public PipeWriter Output { get; private set; }

    public bool IsSecure => _tls is not null;

    public SslProtocols TlsProtocol => _tls?.SslProtocol ?? SslProtocols.None;

    public string TlsCipher => _tls?.NegotiatedCipherSuite.ToString() ?? string.Empty;

    /// <summary>
    /// Throws away whatever input is buffered, then runs the server side of a TLS handshake on the raw stream.
    /// Returns how many buffered octets were thrown away: plaintext pipelined after STARTTLS is never executed.
    /// </summary>
    public async Task<long> StartTlsAsync(SslServerAuthenticationOptions options, CancellationToken cancellationToken)
    {
        var discarded = 0L;
        if (Input.TryRead(out var buffered))
        {
            discarded = buffered.Buffer.Length;
            Input.AdvanceTo(buffered.Buffer.End);
        }

        await Input.CompleteAsync();
        await Output.CompleteAsync();
        var tls = new SslStream(_inner, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(options, cancellationToken);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }

        _tls = tls;
        (Input, Output) = CreatePipes(tls);
        return discarded;
    }

    /// <summary>Sends the buffered replies.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await Output.FlushAsync(cancellationToken);
        if (result.IsCanceled)
        {
            // A token that fired just as an earlier flush finished cancels StreamPipeWriter's internal token, which
            // then cancels this flush before it writes. The replies are still buffered: flush them again.
            cancellationToken.ThrowIfCancellationRequested();
            await Output.FlushAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close the connection first, so completing the writer cannot wait on a client that does not read.
        ShutdownSend();
        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        await _inner.DisposeAsync();
        await Input.CompleteAsync();
        try
        {
            await Output.CompleteAsync();
        }
        catch (IOException)
        {
            // Unsent replies to a closed connection.
        }
        catch (ObjectDisposedException)
        {
            // Unsent replies to a closed connection.
        }
    }

    // FIN after the last reply, so the client reads it before the connection closes.
    private void ShutdownSend()
    {
        try
        {
            _socket?.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The peer has already gone; closing is all that is left.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private static (PipeReader Input, PipeWriter Output) CreatePipes(Stream stream) =>
        (PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true)),
         PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
}
