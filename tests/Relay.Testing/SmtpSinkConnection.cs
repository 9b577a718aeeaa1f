using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Relay.Testing;

/// <summary>Speaks the server side of one SMTP connection for an <see cref="SmtpSink"/>.</summary>
internal sealed class SmtpSinkConnection
{
    private readonly SmtpSinkOptions _options;
    private readonly SmtpSinkSession _session;
    private readonly Lazy<X509Certificate2> _certificate;
    private readonly Func<int> _nextQueueId;
    private Stream _stream;
    private SmtpSinkLineReader _reader;
    private SmtpSinkTransaction? _transaction;

    public SmtpSinkConnection(
        Stream stream, SmtpSinkOptions options, SmtpSinkSession session, Lazy<X509Certificate2> certificate, Func<int> nextQueueId)
    {
        _stream = stream;
        _reader = new SmtpSinkLineReader(stream);
        _options = options;
        _session = session;
        _certificate = certificate;
        _nextQueueId = nextQueueId;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_options.ImplicitTls)
        {
            await StartTlsAsync(cancellationToken);
        }

        if (_options.NeverGreet)
        {
            await _reader.ReadLineAsync(cancellationToken);
            return;
        }

        await ReplyAsync(_options.Greeting, cancellationToken);
        while (await _reader.ReadLineAsync(cancellationToken) is { } raw)
        {
            var line = Encoding.UTF8.GetString(raw);
            _session.AddCommand(line);
            var parts = line.Split(' ', 2);
            var argument = parts.Length > 1 ? parts[1] : string.Empty;
            var keepGoing = parts[0].ToUpperInvariant() switch
            {
                "EHLO" => await EhloAsync(argument, cancellationToken),
                "HELO" => await HeloAsync(argument, cancellationToken),
                "STARTTLS" => await StartTlsCommandAsync(cancellationToken),
                "AUTH" => await AuthAsync(argument, cancellationToken),
                "MAIL" => await MailAsync(line, cancellationToken),
                "RCPT" => await RcptAsync(line, cancellationToken),
                "DATA" => await DataAsync(cancellationToken),
                "RSET" => await ResetAsync(cancellationToken),
                "NOOP" => await ReplyAsync("250 2.0.0 Ok", cancellationToken),
                "QUIT" => await QuitAsync(cancellationToken),
                _ => await ReplyAsync("502 5.5.2 Command not recognized", cancellationToken),
            };
            if (!keepGoing)
            {
                return;
            }
        }
    }

    private async Task<bool> EhloAsync(string name, CancellationToken cancellationToken)
    {
        _session.HeloName = name;
        _transaction = null;
        var lines = new List<string> { "250-sink.test greets " + name, "250-ENHANCEDSTATUSCODES" };
        AddIf(lines, _options.EightBitMime, "8BITMIME");
        AddIf(lines, _options.SmtpUtf8, "SMTPUTF8");
        AddIf(lines, _options.Pipelining, "PIPELINING");
        AddIf(lines, _options.MaxSize is not null, $"SIZE {_options.MaxSize}");
        AddIf(lines, _options.StartTls && !_session.Secure, "STARTTLS");
        AddIf(lines, _options.RequiresAuth && !_session.Authenticated, "AUTH PLAIN");
        lines[^1] = "250 " + lines[^1][4..];
        return await ReplyAsync(string.Join('\n', lines), cancellationToken);
    }

    private static void AddIf(List<string> lines, bool condition, string capability)
    {
        if (condition)
        {
            lines.Add("250-" + capability);
        }
    }

    private async Task<bool> HeloAsync(string name, CancellationToken cancellationToken)
    {
        _session.HeloName = name;
        _transaction = null;
        return await ReplyAsync("250 sink.test", cancellationToken);
    }

    private async Task<bool> StartTlsCommandAsync(CancellationToken cancellationToken)
    {
        if (!_options.StartTls || _session.Secure)
        {
            return await ReplyAsync("502 5.5.1 STARTTLS not available", cancellationToken);
        }

        await ReplyAsync("220 2.0.0 Ready to start TLS", cancellationToken);
        await StartTlsAsync(cancellationToken);
        _session.HeloName = null;
        _transaction = null;
        return true;
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificate = _certificate.Value }, cancellationToken);

        // A new reader drops anything the client pipelined in clear text after STARTTLS.
        _stream = tls;
        _reader = new SmtpSinkLineReader(tls);
        _session.Secure = true;
    }

    private async Task<bool> AuthAsync(string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', 2);
        if (!_options.RequiresAuth || !parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            return await ReplyAsync("504 5.5.4 Unrecognized authentication type", cancellationToken);
        }

        var response = parts.Length > 1 ? parts[1] : null;
        if (response is null)
        {
            await ReplyAsync("334 ", cancellationToken);
            var continuation = await _reader.ReadLineAsync(cancellationToken);
            response = continuation is null ? "*" : Encoding.ASCII.GetString(continuation);
        }

        var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
        if (fields.Length != 3)
        {
            return await ReplyAsync("501 5.5.2 Malformed AUTH PLAIN response", cancellationToken);
        }

        (_session.AuthorizationIdentity, _session.AuthenticationIdentity, _session.Password) = (fields[0], fields[1], fields[2]);
        _session.Authenticated = fields[1] == _options.UserName && fields[2] == _options.Password;
        return await ReplyAsync(
            _session.Authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid",
            cancellationToken);
    }

    private async Task<bool> MailAsync(string line, CancellationToken cancellationToken)
    {
        if (_session.HeloName is null || _transaction is not null)
        {
            return await ReplyAsync("503 5.5.1 Bad sequence of commands", cancellationToken);
        }

        if (_options.RequiresAuth && !_session.Authenticated)
        {
            return await ReplyAsync("530 5.7.0 Authentication required", cancellationToken);
        }

        var transaction = new SmtpSinkTransaction(line);
        var reply = _options.MailReply?.Invoke(transaction.ReversePath) ?? "250 2.1.0 Ok";
        if (reply.StartsWith('2'))
        {
            _transaction = transaction;
        }

        return await ReplyAsync(reply, cancellationToken);
    }

    private async Task<bool> RcptAsync(string line, CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            return await ReplyAsync("503 5.5.1 Need MAIL first", cancellationToken);
        }

        var address = SmtpSinkPaths.PathOf(line["RCPT TO:".Length..]);
        var reply = _options.RcptReply?.Invoke(address) ?? "250 2.1.5 Ok";
        _transaction.AddRecipient(line, reply.StartsWith('2'));
        return await ReplyAsync(reply, cancellationToken);
    }

    private async Task<bool> DataAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null || _transaction.Recipients.Count == 0)
        {
            return await ReplyAsync("554 5.5.1 No valid recipients", cancellationToken);
        }

        var commandReply = _options.DataCommandReply ?? "354 End data with <CR><LF>.<CR><LF>";
        if (!commandReply.StartsWith('3'))
        {
            _transaction = null;
            return await ReplyAsync(commandReply, cancellationToken);
        }

        await ReplyAsync(commandReply, cancellationToken);
        var transaction = _transaction;
        _transaction = null;
        var data = await ReadDataAsync(cancellationToken);
        if (data is null)
        {
            return false;
        }

        transaction.Data = data;
        _session.AddTransaction(transaction);
        if (_options.NeverAnswerData)
        {
            await _reader.ReadLineAsync(cancellationToken);
            return false;
        }

        transaction.DataReply = _options.DataReply ?? $"250 2.0.0 Ok: queued as SINK{_nextQueueId()}";
        // A server whose idle timeout ran out: the connection ends after the reply, without a 421.
        return await ReplyAsync(transaction.DataReply, cancellationToken) && !_options.CloseAfterEachMessage;
    }

    /// <summary>The message up to the lone ".", with one leading dot removed from each dot-stuffed line.</summary>
    private async Task<byte[]?> ReadDataAsync(CancellationToken cancellationToken)
    {
        using var data = new MemoryStream();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line is [(byte)'.'])
            {
                return data.ToArray();
            }

            var unstuffed = line.Length > 0 && line[0] == '.' ? line.AsSpan(1) : line;
            data.Write(unstuffed);
            data.Write("\r\n"u8);
        }

        return null;
    }

    private async Task<bool> ResetAsync(CancellationToken cancellationToken)
    {
        _transaction = null;
        return await ReplyAsync("250 2.0.0 Ok", cancellationToken);
    }

    private async Task<bool> QuitAsync(CancellationToken cancellationToken)
    {
        if (_options.NeverAnswerQuit)
        {
            await _reader.ReadLineAsync(cancellationToken);
            return false;
        }

        await ReplyAsync("221 2.0.0 Bye", cancellationToken);
        return false;
    }

    /// <summary>Writes a reply; '\n' separates the lines of a multi-line reply. Always true.</summary>
    private async Task<bool> ReplyAsync(string reply, CancellationToken cancellationToken)
    {
        var lines = reply.Split('\n');
        var text = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var continued = i < lines.Length - 1 && line.Length >= 3 ? line[..3] + "-" + (line.Length > 4 ? line[4..] : string.Empty) : line;
            text.Append(continued).Append("\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        return true;
    }
}
