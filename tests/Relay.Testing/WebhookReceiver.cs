using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Relay.Testing;

/// <summary>
/// A webhook endpoint on a free loopback port (HttpListener). It records each request before answering with
/// <see cref="StatusCode"/>, so a caller that awaited its POST finds the request here. With <see cref="Hang"/> it
/// never answers, to exercise the caller's timeout.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private WebhookReceiver(int port)
    {
        Url = new Uri($"http://127.0.0.1:{port}/hooks/relay");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public HttpStatusCode StatusCode { get; set; } = HttpStatusCode.NoContent;

    public bool Hang { get; set; }

    public IReadOnlyList<WebhookRequest> Requests => _requests.ToArray();

    public static WebhookReceiver Start() => new(FreeTcpPort());

    /// <summary>A loopback port nothing listens on (it was free a moment ago), for a webhook that is down.</summary>
    public static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // The listener was stopped while waiting for a request.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var status = StatusCode;
        var headers = context.Request.Headers.AllKeys.OfType<string>()
            .ToDictionary(name => name, name => context.Request.Headers[name] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new WebhookRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body)
        {
            Headers = headers,
            AnsweredWith = (int)status,
        });
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        try
        {
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // The caller gave up (its timeout) or the receiver was disposed first.
        }
    }
}
