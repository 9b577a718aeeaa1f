using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Relay.Smtp.Admission;

namespace Relay.Smtp.Protocol;

/// <summary>What every session of one server shares: the options, the seams, the clock and the logger.</summary>
internal sealed class SmtpServices
{
    private readonly Lock _certificateLock = new();
    private X509Certificate2? _lastCertificate;
    private SslStreamCertificateContext? _lastContext;

    public SmtpServices(
        SmtpServerOptions options,
        ISmtpMessageHandler handler,
        ISmtpAuthenticator authenticator,
        ISmtpTransactionPolicy policy,
        IServerCertificateProvider certificates,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Options = options;
        Handler = handler;
        Authenticator = authenticator;
        Policy = policy;
        Certificates = certificates;
        TimeProvider = timeProvider;
        Logger = logger;
        AuthFailures = new AuthFailureThrottle(options, timeProvider);
        AuthenticationSlots = new SemaphoreSlim(options.MaxConcurrentAuthentications, options.MaxConcurrentAuthentications);
    }

    public SmtpServerOptions Options { get; }

    public ISmtpMessageHandler Handler { get; }

    public ISmtpAuthenticator Authenticator { get; }

    public ISmtpTransactionPolicy Policy { get; }

    public IServerCertificateProvider Certificates { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Metrics; null when the host collects none.</summary>
    public SmtpInstruments? Instruments { get; init; }

    /// <summary>Failed AUTH counts per address and per user, shared by every session.</summary>
    public AuthFailureThrottle AuthFailures { get; }

    /// <summary>Bounds concurrent authenticator calls (<see cref="SmtpServerOptions.MaxConcurrentAuthentications"/>).</summary>
    public SemaphoreSlim AuthenticationSlots { get; }

    /// <summary>TLS 1.2 or later with the given certificate; the chain is built once per certificate, offline.</summary>
    public SslServerAuthenticationOptions CreateTlsOptions(X509Certificate2 certificate) => new()
    {
        ServerCertificateContext = GetContext(certificate),
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    private SslStreamCertificateContext GetContext(X509Certificate2 certificate)
    {
        lock (_certificateLock)
        {
            if (!ReferenceEquals(certificate, _lastCertificate) || _lastContext is null)
            {
                _lastContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
                _lastCertificate = certificate;
            }

            return _lastContext;
        }
    }
}
