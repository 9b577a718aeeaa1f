using System.Net;
using Relay.Configuration;
using Relay.Dns.Transfer;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests;

/// <summary>Relay:KeyZone:Secondaries and Relay:KeyZone:Tsig, and the transfer and NOTIFY limits: defaults, binding, one-line errors.</summary>
public sealed class KeyZoneTransferSettingsTests
{
    private const string Secret = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    [Test]
    public void By_default_there_are_no_secondaries_no_key_and_the_documented_limits()
    {
        var zone = TestSettings.Load().KeyZone;

        Assert.Multiple(() =>
        {
            Assert.That(zone.Secondaries, Is.Empty);
            Assert.That(zone.Tsig, Is.Null);
            Assert.That(zone.TsigFudge, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(zone.SerialCheckInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(zone.NotifyTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(zone.NotifyAttempts, Is.EqualTo(5));
            Assert.That(zone.TransferTimeout, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(zone.MaxTransferMessageSize, Is.EqualTo(16_384));
        });
    }

    [Test]
    public void Secondaries_and_the_key_bind()
    {
        var zone = TestSettings.Load(
            ("Relay:KeyZone:Secondaries:0:Address", "192.0.2.53"),
            ("Relay:KeyZone:Secondaries:1:Address", "2001:db8::53"),
            ("Relay:KeyZone:Secondaries:1:NotifyPort", "5353"),
            ("Relay:KeyZone:Tsig:KeyName", "Relay-XFR."),
            ("Relay:KeyZone:Tsig:Secret", Secret),
            ("Relay:KeyZone:Tsig:Fudge", "00:01:00"),
            ("Relay:KeyZone:NotifyAttempts", "3")).KeyZone;

        Assert.Multiple(() =>
        {
            Assert.That(zone.Secondaries, Is.EqualTo(new[]
            {
                new SecondaryServer(IPAddress.Parse("192.0.2.53"), 53),
                new SecondaryServer(IPAddress.Parse("2001:db8::53"), 5353),
            }));
            Assert.That(zone.Tsig!.Name, Is.EqualTo("relay-xfr"));
            Assert.That(zone.TsigFudge, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(zone.NotifyAttempts, Is.EqualTo(3));
        });
    }

    [Test]
    public void The_secret_may_come_from_a_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Secret + "\n");
            var zone = TestSettings.Load(
                ("Relay:KeyZone:Secondaries:0:Address", "192.0.2.53"),
                ("Relay:KeyZone:Tsig:KeyName", "relay-xfr"),
                ("Relay:KeyZone:Tsig:SecretFile", file)).KeyZone;

            Assert.That(zone.Tsig!.Name, Is.EqualTo("relay-xfr"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void The_secret_file_may_be_the_key_clause_tsig_keygen_prints()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"key \"relay-xfr\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{Secret}\";\n}};\n");
            var zone = TestSettings.Load(
                ("Relay:KeyZone:Secondaries:0:Address", "192.0.2.53"),
                ("Relay:KeyZone:Tsig:KeyName", "relay-xfr"),
                ("Relay:KeyZone:Tsig:SecretFile", file)).KeyZone;

            Assert.That(zone.Tsig!.Name, Is.EqualTo("relay-xfr"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("Relay:KeyZone:Secondaries:0:Address", "ns2.example.net", "Relay:KeyZone:Secondaries: Address 'ns2.example.net'")]
    [TestCase("Relay:KeyZone:Secondaries:0:NotifyPort", "0", "Relay:KeyZone:Secondaries: NotifyPort")]
    [TestCase("Relay:KeyZone:Secondaries:0:Port", "53", "unknown setting 'Port' in a list entry; the settings there are: Address, NotifyPort")]
    [TestCase("Relay:KeyZone:Tsig:Algorithm", "hmac-md5", "Relay:KeyZone:Tsig:Algorithm")]
    [TestCase("Relay:KeyZone:Tsig:Secret", "not base64!", "Relay:KeyZone:Tsig:Secret")]
    [TestCase("Relay:KeyZone:Tsig:Secret", "c2hvcnQ=", "Relay:KeyZone:Tsig:Secret")]
    [TestCase("Relay:KeyZone:Tsig:SecretFile", "/nonexistent/tsig.key", "Relay:KeyZone:Tsig:SecretFile")]
    [TestCase("Relay:KeyZone:Tsig:KeyName", "bad name", "Relay:KeyZone:Tsig:KeyName")]
    [TestCase("Relay:KeyZone:Tsig:Fudge", "00:00:00", "Relay:KeyZone:Tsig:Fudge")]
    [TestCase("Relay:KeyZone:NotifyAttempts", "0", "Relay:KeyZone:NotifyAttempts")]
    [TestCase("Relay:KeyZone:NotifyTimeout", "00:00:00", "Relay:KeyZone:NotifyTimeout")]
    [TestCase("Relay:KeyZone:SerialCheckInterval", "00:00:00", "Relay:KeyZone:SerialCheckInterval")]
    [TestCase("Relay:KeyZone:TransferTimeout", "00:00:00", "Relay:KeyZone:TransferTimeout")]
    [TestCase("Relay:KeyZone:MaxTransferMessageSize", "512", "Relay:KeyZone:MaxTransferMessageSize")]
    public void A_bad_transfer_setting_stops_start_up_with_one_line_naming_it(string key, string value, string named)
    {
        var values = new Dictionary<string, string?>
        {
            ["Relay:KeyZone:Secondaries:0:Address"] = "192.0.2.53",
            ["Relay:KeyZone:Tsig:KeyName"] = "relay-xfr",
            ["Relay:KeyZone:Tsig:Secret"] = key == "Relay:KeyZone:Tsig:SecretFile" ? string.Empty : Secret,
        };
        values[key] = value;

        var error = Assert.Throws<SettingsException>(() => TestSettings.Load([.. values.Select(pair => (pair.Key, pair.Value))]));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(named));
            Assert.That(error.Message, Does.Not.Contain('\n'));
        });
    }

    [Test]
    public void Secondaries_without_a_key_are_refused_naming_the_key()
    {
        var error = Assert.Throws<SettingsException>(() => TestSettings.Load(("Relay:KeyZone:Secondaries:0:Address", "192.0.2.53")));

        Assert.That(error!.Message, Does.StartWith("Relay:KeyZone:Tsig:KeyName must be set when there are Secondaries"));
    }
}
