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
