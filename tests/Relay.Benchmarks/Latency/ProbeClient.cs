using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Relay.Benchmarks.Latency;

/// <summary>A plain SMTP client on one connection, sending one message at a time (the side under test trusts loopback, so no AUTH).</summary>
internal sealed class ProbeClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly LineReader _lines;

    private ProbeClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _lines = new LineReader(PipeReader.Create(_stream));
    }

    public static async Task<ProbeClient> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(target, cancellationToken);
            var probe = new ProbeClient(client);
            await probe.ExpectAsync("220", "greeting", cancellationToken);
            await probe.CommandAsync("EHLO probe.bench.test", "250", cancellationToken);
            return probe;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one message; <paramref name="dataSent"/> is called just before the DATA command goes out.</summary>
    public async Task SendAsync(string from, string to, byte[] content, Action dataSent, CancellationToken cancellationToken)
    {
        await CommandAsync($"MAIL FROM:<{from}>", "250", cancellationToken);
        await CommandAsync($"RCPT TO:<{to}>", "250", cancellationToken);
        dataSent();
        await CommandAsync("DATA", "354", cancellationToken);
        await _stream.WriteAsync(content, cancellationToken);
        await CommandAsync(".", "250", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CommandAsync("QUIT", "221", CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SocketException or BenchmarkFailedException)
        {
            // Leaving anyway.
        }

        _client.Dispose();
    }

    private async Task CommandAsync(string command, string expected, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        await ExpectAsync(expected, command, cancellationToken);
    }

    private async Task ExpectAsync(string expected, string after, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _lines.ReadLineAsync(cancellationToken)
                       ?? throw new BenchmarkFailedException($"the server closed the connection after '{after}'");
            if (line.Length > 3 && line[3] == '-')
            {
                continue;
            }

            if (!line.StartsWith(expected, StringComparison.Ordinal))
            {
                throw new BenchmarkFailedException($"'{after}' got '{line}', expected {expected}");
            }

            return;
        }
    }
}
