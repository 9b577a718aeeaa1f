using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A bare SMTP client over plain TCP that sends exactly the command given, for what real clients refuse to do
/// (swaks will not send AUTH that was not advertised). Replies are returned whole, lines joined with '\n'.
/// </summary>
internal sealed class PlainSmtpDialogue : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private PlainSmtpDialogue(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public static async Task<(PlainSmtpDialogue Dialogue, string Greeting)> ConnectAsync(IPEndPoint server)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server);
        var dialogue = new PlainSmtpDialogue(client);
        return (dialogue, await dialogue.ReadReplyAsync());
    }

    public async Task<string> SendAsync(string command)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        return await ReadReplyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _reader.Dispose();
        _client.Dispose();
    }

    private async Task<string> ReadReplyAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token)
                ?? throw new IOException("the server closed the connection after: " + string.Join('\n', lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join('\n', lines);
            }
        }
    }
}
