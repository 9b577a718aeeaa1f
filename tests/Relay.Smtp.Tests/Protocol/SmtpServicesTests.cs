using System.Security.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Smtp.Protocol;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Protocol;

public sealed class SmtpServicesTests
{
    [Test]
    public void Tls_is_pinned_to_1_2_and_1_3_without_client_certificates_or_renegotiation()
    {
        var services = new SmtpServices(
            new SmtpServerOptions(),
            new RecordingMessageHandler(),
            new RejectAllAuthenticator(),
            new AcceptAllTransactionPolicy(),
            new FixedServerCertificate(TestCertificates.Server),
            TimeProvider.System,
            NullLogger.Instance);

        var options = services.CreateTlsOptions(TestCertificates.Server);

        Assert.That(options.EnabledSslProtocols, Is.EqualTo(SslProtocols.Tls12 | SslProtocols.Tls13));
        Assert.That(options.ClientCertificateRequired, Is.False);
        Assert.That(options.AllowRenegotiation, Is.False);
        Assert.That(options.ServerCertificateContext, Is.SameAs(services.CreateTlsOptions(TestCertificates.Server).ServerCertificateContext), "built once per certificate");
    }
}
