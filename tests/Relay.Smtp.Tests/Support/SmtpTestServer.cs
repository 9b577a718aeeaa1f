using System.Net;

namespace Relay.Smtp.Tests.Support;

/// <summary>
/// A real <see cref="SmtpServer"/> on 127.0.0.1 port 0 (plus an implicit-TLS endpoint when asked), with recording
/// doubles for every seam. Credentials: alice / secret → principal "alice".
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable
{
    public const string UserName = "alice";
    public const string Password = "s3cret-Pa55";

    private SmtpTestServer(SmtpServer server, SmtpServerOptions options, bool implicitTls)
    {
        Server = server;
        Options = options;
        HasImplicitTlsEndpoint = implicitTls;
    }

    public SmtpServer Server { get; }

    public SmtpServerOptions Options { get; }

    public bool HasImplicitTlsEndpoint { get; }

    public RecordingMessageHandler Handler { get; private init; } = new();

    public RecordingPolicy Policy { get; private init; } = new();

    public CapturingLoggerProvider Logs { get; private init; } = new();

    public IPEndPoint EndPoint => Server.BoundEndPoints[0];

    public IPEndPoint ImplicitTlsEndPoint => Server.BoundEndPoints[1];

    public static async Task<SmtpTestServer> StartAsync(
        Action<SmtpServerOptions>? configure = null,
        bool withCertificate = true,
        bool implicitTls = false,
        TimeProvider? timeProvider = null,
        ISmtpTransactionPolicy? policy = null,
        ISmtpMessageHandler? handler = null,
        ISmtpAuthenticator? authenticator = null)
    {
        var options = new SmtpServerOptions { ServerName = "mx.test.example" };
        configure?.Invoke(options);
        var recordingHandler = new RecordingMessageHandler();
        var recordingPolicy = new RecordingPolicy();
        var logs = new CapturingLoggerProvider();
        List<SmtpEndpoint> endpoints = [new(new IPEndPoint(IPAddress.Loopback, 0), ImplicitTls: false)];
        if (implicitTls)
        {
            endpoints.Add(new SmtpEndpoint(new IPEndPoint(IPAddress.Loopback, 0), ImplicitTls: true));
        }

        var server = new SmtpServer(
            options,
            endpoints,
            handler ?? recordingHandler,
            authenticator ?? new DelegatingAuthenticator((_, user, password, _) => ValueTask.FromResult(
                user == UserName && password == Password ? "alice" : null)),
            policy ?? recordingPolicy,
            withCertificate ? new FixedServerCertificate(TestCertificates.Server) : new NoServerCertificate(),
            logs,
            timeProvider ?? TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new SmtpTestServer(server, options, implicitTls)
        {
            Handler = recordingHandler,
            Policy = recordingPolicy,
            Logs = logs,
        };
    }

    /// <summary>Connects and reads the 220 greeting.</summary>
    public async Task<SmtpTestClient> ConnectAsync(IPAddress? from = null)
    {
        var client = await SmtpTestClient.ConnectAsync(EndPoint, from);
        var greeting = await client.ReadReplyAsync();
        Assert.That(greeting.Code, Is.EqualTo(220), greeting.ToString());
        return client;
    }

    /// <summary>Connects, reads the greeting and sends EHLO.</summary>
    public async Task<SmtpTestClient> ConnectAndGreetAsync(IPAddress? from = null)
    {
        var client = await ConnectAsync(from);
        await client.EhloAsync();
        return client;
    }

    /// <summary>Connects, STARTTLS, EHLO again, AUTH PLAIN as alice.</summary>
    public async Task<SmtpTestClient> ConnectAuthenticatedAsync(IPAddress? from = null)
    {
        var client = await ConnectAndGreetAsync(from);
        await client.StartTlsAsync();
        await client.EhloAsync();
        var auth = await client.CommandAsync("AUTH PLAIN " + Credentials.Plain(UserName, Password));
        Assert.That(auth.Code, Is.EqualTo(235), auth.ToString());
        return client;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
