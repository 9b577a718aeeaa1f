namespace Relay.Smtp.Tests.Protocol;

public sealed class SmtpServerOptionsTests
{
    [Test]
    public void Defaults_are_valid_and_safe()
    {
        var options = new SmtpServerOptions();

        Assert.That(options.Validate, Throws.Nothing);
        Assert.Multiple(() =>
        {
            Assert.That(options.MaxMessageSize, Is.EqualTo(40L * 1024 * 1024));
            Assert.That(options.MaxRecipients, Is.EqualTo(50));
            Assert.That(options.MaxCommandLineLength, Is.EqualTo(2048));
            Assert.That(options.MaxTextLineLength, Is.EqualTo(1000));
            Assert.That(options.MaxConnections, Is.EqualTo(100));
            Assert.That(options.MaxBadCommands, Is.EqualTo(10));
            Assert.That(options.MaxConnectionsPerAddress, Is.EqualTo(20));
            Assert.That(options.MaxConnectionRatePerAddress, Is.EqualTo(60));
            Assert.That(options.ConnectionRateWindow, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(options.ReservedAuthenticatedConnections, Is.EqualTo(10));
            Assert.That(options.CommandLineTimeout, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(options.HandshakeTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.MaxSessionDuration, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(options.MaxNonTransactionCommands, Is.EqualTo(100));
            Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.DataTimeout, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(options.TlsHandshakeTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.BareLineEndings, Is.EqualTo(BareLineEndingPolicy.Reject));
            Assert.That(options.AllowPlaintextAuthOnLoopback, Is.False);
            Assert.That(options.EnableBinaryMime, Is.False);
            Assert.That(options.InMemoryMessageThreshold, Is.EqualTo(256 * 1024));
        });
    }

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return Case(nameof(SmtpServerOptions.ServerName), o => o.ServerName = "");
        yield return Case(nameof(SmtpServerOptions.ServerName), o => o.ServerName = "bad name");
        yield return Case(nameof(SmtpServerOptions.MaxMessageSize), o => o.MaxMessageSize = 0);
        yield return Case(nameof(SmtpServerOptions.MaxRecipients), o => o.MaxRecipients = 0);
        yield return Case(nameof(SmtpServerOptions.MaxCommandLineLength), o => o.MaxCommandLineLength = 511);
        yield return Case(nameof(SmtpServerOptions.MaxTextLineLength), o => o.MaxTextLineLength = 999);
        yield return Case(nameof(SmtpServerOptions.MaxConnections), o => o.MaxConnections = 0);
        yield return Case(nameof(SmtpServerOptions.MaxBadCommands), o => o.MaxBadCommands = -1);
        yield return Case(nameof(SmtpServerOptions.MaxConnectionsPerAddress), o => o.MaxConnectionsPerAddress = 0);
        yield return Case(nameof(SmtpServerOptions.MaxConnectionRatePerAddress), o => o.MaxConnectionRatePerAddress = 0);
        yield return Case(nameof(SmtpServerOptions.ConnectionRateWindow), o => o.ConnectionRateWindow = TimeSpan.Zero);
        yield return Case(nameof(SmtpServerOptions.ReservedAuthenticatedConnections), o => o.ReservedAuthenticatedConnections = -1);
        yield return Case(nameof(SmtpServerOptions.CommandLineTimeout), o => o.CommandLineTimeout = TimeSpan.Zero);
        yield return Case(nameof(SmtpServerOptions.HandshakeTimeout), o => o.HandshakeTimeout = TimeSpan.Zero);
        yield return Case(nameof(SmtpServerOptions.MaxSessionDuration), o => o.MaxSessionDuration = TimeSpan.Zero);
        yield return Case(nameof(SmtpServerOptions.MaxNonTransactionCommands), o => o.MaxNonTransactionCommands = 0);
        yield return Case(nameof(SmtpServerOptions.CommandTimeout), o => o.CommandTimeout = TimeSpan.Zero);
        yield return Case(nameof(SmtpServerOptions.DataTimeout), o => o.DataTimeout = TimeSpan.FromDays(2));
        yield return Case(nameof(SmtpServerOptions.TlsHandshakeTimeout), o => o.TlsHandshakeTimeout = TimeSpan.FromSeconds(-1));
        yield return Case(nameof(SmtpServerOptions.BareLineEndings), o => o.BareLineEndings = (BareLineEndingPolicy)7);
        yield return Case(nameof(SmtpServerOptions.TemporaryDirectory), o => o.TemporaryDirectory = "relative/dir");
        yield return Case(nameof(SmtpServerOptions.InMemoryMessageThreshold), o => o.InMemoryMessageThreshold = -1);

        static TestCaseData Case(string name, Action<SmtpServerOptions> spoil) => new TestCaseData(name, spoil).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(BadSettings))]
    public void Validate_names_the_bad_setting(string name, Action<SmtpServerOptions> spoil)
    {
        var options = new SmtpServerOptions();
        spoil(options);

        var error = Assert.Throws<ArgumentException>(options.Validate, name)
            ?? throw new AssertionException("no exception");
        Assert.That(error.ParamName, Is.EqualTo(name));
        Assert.That(error.Message, Does.Contain(name));
    }

    [TestCase("[192.0.2.1]")]
    [TestCase("mx1.example.com")]
    public void Server_name_may_be_a_domain_or_an_address_literal(string name)
    {
        Assert.That(new SmtpServerOptions { ServerName = name }.Validate, Throws.Nothing);
    }
}
