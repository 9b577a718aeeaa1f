using System.Net;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Submits one message per interval through MailKit (STARTTLS, AUTH), each on a connection of its own, from
/// <see cref="Start"/> until <see cref="StopAsync"/>. A message started is sent to the end; a send that fails stops the stream.
/// </summary>
internal sealed class MessageStream : IAsyncDisposable
{
    private readonly IPEndPoint _submission;
    private readonly string _account;
    private readonly string _password;
    private readonly Func<int, string> _message;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private int _sent;

    private MessageStream(IPEndPoint submission, string account, string password, Func<int, string> message, TimeSpan interval)
    {
        _submission = submission;
        _account = account;
        _password = password;
        _message = message;
        _interval = interval;
    }

    /// <summary>The messages the relay accepted so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Starts sending <paramref name="message"/>(1), (2), … one per <paramref name="interval"/>.</summary>
    public static MessageStream Start(
        IPEndPoint submission, string account, string password, Func<int, string> message, TimeSpan interval, CancellationToken cancellationToken)
    {
        var stream = new MessageStream(submission, account, password, message, interval);
        stream._running = stream.RunAsync(cancellationToken);
        return stream;
    }

    /// <summary>Throws the send's error when the stream stopped by itself.</summary>
    public async Task EnsureRunningAsync()
    {
        if (_running.IsCompleted && !_stop.IsCancellationRequested)
        {
            await _running;
            throw new InvalidOperationException("The message stream stopped before it was asked to.");
        }
    }

    /// <summary>Stops after the message being sent, if any; throws what made a send fail.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            var pace = Task.Delay(_interval, _stop.Token);
            var number = Sent + 1;
            await SendAsync(_message(number), cancellationToken);
            Volatile.Write(ref _sent, number);
            await pace.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(_submission.Address.ToString(), _submission.Port, SecureSocketOptions.StartTls, cancellationToken);
        await client.AuthenticateAsync(_account, _password, cancellationToken);
        await client.SendAsync(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)), cancellationToken), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
