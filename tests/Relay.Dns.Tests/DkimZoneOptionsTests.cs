namespace Relay.Dns.Tests;

public sealed class DkimZoneOptionsTests
{
    [Test]
    public void Defaults_with_a_zone_are_valid_and_listen_on_a_high_port()
    {
        var options = new DkimZoneOptions { Zone = "dkim.relay.example.net" };

        Assert.Multiple(() =>
        {
            Assert.That(options.Validate, Throws.Nothing);
            Assert.That(options.EndPoint.Port, Is.EqualTo(10053));
            Assert.That(options.Ttl, Is.EqualTo(TimeSpan.FromSeconds(300)));
            Assert.That(options.ApexTtl, Is.EqualTo(TimeSpan.FromSeconds(3600)));
            Assert.That(options.NegativeTtl, Is.EqualTo(TimeSpan.FromSeconds(300)));
        });
    }

    [Test]
    public void The_abuse_limits_default_to_BIND_like_rate_limiting_and_bounded_TCP()
    {
        var options = new DkimZoneOptions { Zone = "dkim.relay.example.net" };

        Assert.Multiple(() =>
        {
            Assert.That(options.ResponseRateLimit.ResponsesPerSecond, Is.EqualTo(5));
            Assert.That(options.ResponseRateLimit.Slip, Is.EqualTo(2));
            Assert.That(options.ResponseRateLimit.IPv4PrefixLength, Is.EqualTo(24));
            Assert.That(options.ResponseRateLimit.IPv6PrefixLength, Is.EqualTo(56));
            Assert.That(options.ResponseRateLimit.MaxTrackedResponses, Is.EqualTo(100_000));
            Assert.That(options.MaxTcpConnections, Is.EqualTo(100));
            Assert.That(options.MaxTcpConnectionsPerClient, Is.EqualTo(10));
            Assert.That(options.TcpIdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.TcpQueryTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.MaxQueriesPerTcpConnection, Is.EqualTo(100));
        });
    }

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.Zone = "")).Returns("Zone");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.Zone = "localhost")).Returns("Zone");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.Zone = "bad_-.example.net")).Returns("Zone");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.NameServers.Add("ns 1.example.net"))).Returns("NameServers");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.HostmasterEmail = "no-at-sign")).Returns("HostmasterEmail");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.HostmasterEmail = "a b@example.net")).Returns("HostmasterEmail");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.Ttl = TimeSpan.Zero)).Returns("Ttl");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.Ttl = TimeSpan.FromMilliseconds(1500))).Returns("Ttl");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.ApexTtl = TimeSpan.FromDays(30))).Returns("ApexTtl");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.NegativeTtl = TimeSpan.FromSeconds(-1))).Returns("NegativeTtl");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.MaxUdpPayloadSize = 511)).Returns("MaxUdpPayloadSize");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.MaxUdpPayloadSize = 4097)).Returns("MaxUdpPayloadSize");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.MaxTcpConnections = 0)).Returns("MaxTcpConnections");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.TcpIdleTimeout = TimeSpan.Zero)).Returns("TcpIdleTimeout");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.TcpQueryTimeout = TimeSpan.FromHours(1))).Returns("TcpQueryTimeout");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.MaxTcpConnectionsPerClient = 0)).Returns("MaxTcpConnectionsPerClient");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.MaxTcpConnectionsPerClient = 101)).Returns("MaxTcpConnectionsPerClient");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.MaxQueriesPerTcpConnection = 0)).Returns("MaxQueriesPerTcpConnection");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.ResponseRateLimit.ResponsesPerSecond = -1)).Returns("ResponseRateLimit.ResponsesPerSecond");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.ResponseRateLimit.Slip = 11)).Returns("ResponseRateLimit.Slip");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.ResponseRateLimit.IPv4PrefixLength = 33)).Returns("ResponseRateLimit.IPv4PrefixLength");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.ResponseRateLimit.IPv6PrefixLength = 8)).Returns("ResponseRateLimit.IPv6PrefixLength");
        yield return new TestCaseData(new Action<DkimZoneOptions>(o => o.ResponseRateLimit.MaxTrackedResponses = 0)).Returns("ResponseRateLimit.MaxTrackedResponses");
    }

    [TestCaseSource(nameof(BadSettings))]
    public string? A_bad_setting_is_named(Action<DkimZoneOptions> spoil)
    {
        var options = new DkimZoneOptions { Zone = "dkim.relay.example.net" };
        spoil(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.That(error!.Message, Does.StartWith($"DkimZoneOptions.{error.ParamName} "));
        return error.ParamName;
    }
}
