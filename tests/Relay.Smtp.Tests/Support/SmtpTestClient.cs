using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Relay.Smtp.Tests.Support;

/// <summary>A byte-exact scripted SMTP client for transcripts: it sends what it is told and reads replies.</summary>
internal sealed class SmtpTestClient : IAsyncDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _tcp;
    private readonly List<byte> _pending = [];
    private Stream _stream;

    private SmtpTestClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    /// <param name="endPoint">The server.</param>
    /// <param name="from">The local address to connect from (any of 127.0.0.0/8 on Linux), to act as another client.</param>
    public static async Task<SmtpTestClient> ConnectAsync(IPEndPoint endPoint, IPAddress? from = null)
    {
        var tcp = new TcpClient(endPoint.AddressFamily);
        if (from is not null)
        {
            tcp.Client.Bind(new IPEndPoint(from, 0));
        }

        await tcp.ConnectAsync(endPoint).WaitAsync(ReadTimeout);
        tcp.NoDelay = true;
        return new SmtpTestClient(tcp, tcp.GetStream());
    }

    /// <summary>Connects to an implicit-TLS endpoint and completes the handshake.</summary>
    public static async Task<SmtpTestClient> ConnectTlsAsync(IPEndPoint endPoint)
    {
        var client = await ConnectAsync(endPoint);
        await client.UpgradeToTlsAsync();
        return client;
    }

    public bool IsSecure => _stream is SslStream;

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] octets)
    {
        await _stream.WriteAsync(octets).AsTask().WaitAsync(ReadTimeout);
        await _stream.FlushAsync().WaitAsync(ReadTimeout);
    }

    /// <summary>Sends one command line (CRLF added) and reads its reply.</summary>
    public async Task<SmtpTestReply> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async Task<SmtpTestReply> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException($"Connection closed after {lines.Count} reply lines.");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new InvalidDataException($"Not a reply line: '{line}'");
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpTestReply(code, lines);
            }
        }
    }

    /// <summary>True when the server closes the connection (EOF or reset) without sending anything more.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            var buffer = new byte[1];
            if (_pending.Count > 0)
            {
                return false;
            }

            return await _stream.ReadAsync(buffer).AsTask().WaitAsync(ReadTimeout) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>EHLO, checking for 250; returns the extension lines.</summary>
    public async Task<SmtpTestReply> EhloAsync(string name = "client.example")
    {
        var reply = await CommandAsync($"EHLO {name}");
        Assert.That(reply.Code, Is.EqualTo(250), reply.ToString());
        return reply;
    }

    /// <summary>STARTTLS, checking for 220 2.0.0, then the handshake.</summary>
    public async Task StartTlsAsync()
    {
        var reply = await CommandAsync("STARTTLS");
        Assert.That(reply.Code, Is.EqualTo(220), reply.ToString());
        await UpgradeToTlsAsync();
    }

    public async Task UpgradeToTlsAsync()
    {
        Assert.That(_pending, Is.Empty, "the server sent something after its last reply");
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, AcceptTestCertificate);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }).WaitAsync(ReadTimeout);
        _stream = tls;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private static bool AcceptTestCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString() == TestCertificates.Server.GetCertHashString();

    private async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            var lineFeed = _pending.IndexOf((byte)'\n');
            if (lineFeed >= 0)
            {
                var line = _pending.GetRange(0, lineFeed + 1).ToArray();
                _pending.RemoveRange(0, lineFeed + 1);
                if (line.Length < 2 || line[^2] != '\r')
                {
                    throw new InvalidDataException("A reply line did not end with CRLF.");
                }

                return Encoding.UTF8.GetString(line, 0, line.Length - 2);
            }

            var buffer = new byte[4096];
            var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(ReadTimeout);
            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }
}
