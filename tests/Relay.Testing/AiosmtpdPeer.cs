using System.Diagnostics;
using System.Text.Json;

namespace Relay.Testing;

/// <summary>
/// A real third-party SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1, reporting each message it accepts
/// with its envelope and the exact received bytes. An independent peer next to <see cref="SmtpSink"/>.
/// </summary>
public sealed class AiosmtpdPeer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import asyncio, base64, json, sys
        from aiosmtpd.smtp import SMTP

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                print(json.dumps({
                    "mail_from": envelope.mail_from,
                    "mail_options": envelope.mail_options,
                    "rcpt_tos": envelope.rcpt_tos,
                    "content": base64.b64encode(envelope.original_content).decode("ascii"),
                }), flush=True)
                return "250 2.0.0 Ok: queued by aiosmtpd"

        async def main():
            loop = asyncio.get_running_loop()
            server = await loop.create_server(
                lambda: SMTP(Handler(), decode_data=False, enable_SMTPUTF8=True, hostname="aiosmtpd.test"),
                "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await loop.run_in_executor(None, sys.stdin.read)
            server.close()

        asyncio.run(main())
        """;

    private readonly Process _process;

    private AiosmtpdPeer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port aiosmtpd listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Starts aiosmtpd; skips the test when run by hand without python3-aiosmtpd, fails it under CI.</summary>
    public static async Task<AiosmtpdPeer> StartAsync(CancellationToken cancellationToken)
    {
        ExternalTool.RequireModule(Python, ["-c", "import aiosmtpd"], "python3-aiosmtpd");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var portLine = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (!int.TryParse(portLine, out var port))
        {
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"aiosmtpd did not start: {portLine} {error}");
        }

        return new AiosmtpdPeer(process, port);
    }

    /// <summary>Waits for the next message aiosmtpd accepted.</summary>
    public async Task<AiosmtpdMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        var line = await _process.StandardOutput.ReadLineAsync(cancellationToken)
            ?? throw new InvalidOperationException("aiosmtpd exited: " + await _process.StandardError.ReadToEndAsync(cancellationToken));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new AiosmtpdMessage(
            root.GetProperty("mail_from").GetString() ?? string.Empty,
            root.GetProperty("mail_options").EnumerateArray().Select(o => o.GetString() ?? string.Empty).ToArray(),
            root.GetProperty("rcpt_tos").EnumerateArray().Select(r => r.GetString() ?? string.Empty).ToArray(),
            Convert.FromBase64String(root.GetProperty("content").GetString() ?? string.Empty));
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
