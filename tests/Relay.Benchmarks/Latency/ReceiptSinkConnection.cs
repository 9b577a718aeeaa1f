using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace Relay.Benchmarks.Latency;

/// <summary>One SMTP session at the receipt sink. Replies in order, so pipelined commands are fine.</summary>
internal sealed class ReceiptSinkConnection(TcpClient client, ReceiptLog log, TimeProvider time)
{
    private const string IdHeader = "X-Bench-Id:";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var owned = client;
        var stream = client.GetStream();
        var lines = new LineReader(PipeReader.Create(stream));
        try
        {
            await ReplyAsync(stream, "220 receipt-sink.test ESMTP latency probe", cancellationToken);
            while (await lines.ReadLineAsync(cancellationToken) is { } command)
            {
                var verb = (command.Length >= 4 ? command[..4] : command).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync(stream, "250-receipt-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE 0\r\n250 ENHANCEDSTATUSCODES", cancellationToken);
                        break;
                    case "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await ReplyAsync(stream, "250 2.0.0 Ok", cancellationToken);
                        break;
                    case "DATA":
                        await ReplyAsync(stream, "354 End data with <CR><LF>.<CR><LF>", cancellationToken);
                        if (!await ReceiveContentAsync(lines, cancellationToken))
                        {
                            return;
                        }

                        await ReplyAsync(stream, "250 2.0.0 Ok: queued", cancellationToken);
                        break;
                    case "QUIT":
                        await ReplyAsync(stream, "221 2.0.0 Bye", cancellationToken);
                        return;
                    default:
                        await ReplyAsync(stream, "502 5.5.2 Error: command not recognized", cancellationToken);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The sender hung up or the probe is ending.
        }
    }

    /// <summary>Reads up to the lone "."; records the receipt of a probe message. False when the connection ended first.</summary>
    private async Task<bool> ReceiveContentAsync(LineReader lines, CancellationToken cancellationToken)
    {
        int? id = null;
        var inHeader = true;
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == ".")
            {
                if (id is { } received)
                {
                    log.Record(received, time.GetTimestamp());
                }

                return true;
            }

            if (inHeader && line.Length == 0)
            {
                inHeader = false;
            }
            else if (inHeader && id is null && line.StartsWith(IdHeader, StringComparison.OrdinalIgnoreCase)
                     && int.TryParse(line.AsSpan(IdHeader.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                id = parsed;
            }
        }

        return false;
    }

    private static async Task ReplyAsync(NetworkStream stream, string reply, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken);
}
