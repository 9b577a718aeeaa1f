using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Smtp;

namespace Relay.Hosting;

/// <summary>Runs the SMTP server for the host's lifetime; on shutdown lets sessions in flight finish, bounded by the host's timeout.</summary>
internal sealed class SmtpListenerService : IHostedService, IAsyncDisposable
{
    private readonly SmtpServer _server;

    public SmtpListenerService(
        LoadedSettings settings, ISmtpMessageHandler handler, ISmtpAuthenticator authenticator, ISmtpTransactionPolicy policy,
        IServerCertificateProvider certificates, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        System.Diagnostics.Metrics.IMeterFactory meters)
    {
        var endpoints = new List<SmtpEndpoint>();
        if (settings.SubmissionEndPoint is { } submission)
        {
            endpoints.Add(new SmtpEndpoint(submission, ImplicitTls: false));
        }

        if (settings.ImplicitTlsEndPoint is { } implicitTls)
        {
            endpoints.Add(new SmtpEndpoint(implicitTls, ImplicitTls: true));
        }

        _server = new SmtpServer(settings.Smtp, endpoints, handler, authenticator, policy, certificates, loggerFactory, timeProvider, meters);
    }

    /// <summary>The addresses actually bound (useful with port 0).</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints => _server.BoundEndPoints;

    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
