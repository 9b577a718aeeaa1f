using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Host.Tests;

/// <summary>Issue 14 items 3, 7 and 9: the SMTP abuse limits are settings under Relay:Smtp, with their defaults when unset.</summary>
public sealed class SmtpAbuseLimitSettingsTests
{
    [Test]
    public void Unset_limits_keep_their_defaults()
    {
        var smtp = Load().Smtp;

        Assert.Multiple(() =>
        {
            Assert.That(smtp.MaxConnectionsPerAddress, Is.EqualTo(20));
            Assert.That(smtp.MaxConnectionRatePerAddress, Is.EqualTo(60));
            Assert.That(smtp.ReservedAuthenticatedConnections, Is.EqualTo(10));
            Assert.That(smtp.HandshakeTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(smtp.MaxAuthFailuresPerAddress, Is.EqualTo(10));
            Assert.That(smtp.MaxNonTransactionCommands, Is.EqualTo(100));
        });
    }

    [Test]
    public void Each_limit_binds_from_relay_smtp()
    {
        var smtp = Load(
            ("Relay:Smtp:MaxConnectionsPerAddress", "5"),
            ("Relay:Smtp:MaxConnectionRatePerAddress", "30"),
            ("Relay:Smtp:ConnectionRateWindow", "00:02:00"),
            ("Relay:Smtp:ReservedAuthenticatedConnections", "3"),
            ("Relay:Smtp:CommandLineTimeout", "00:00:45"),
            ("Relay:Smtp:HandshakeTimeout", "00:00:10"),
            ("Relay:Smtp:MaxSessionDuration", "01:00:00"),
            ("Relay:Smtp:MaxAuthFailuresPerAddress", "4"),
            ("Relay:Smtp:MaxAuthFailuresPerUser", "6"),
            ("Relay:Smtp:AuthFailureWindow", "00:30:00"),
            ("Relay:Smtp:MaxConcurrentAuthentications", "2"),
            ("Relay:Smtp:MaxNonTransactionCommands", "50")).Smtp;

        Assert.Multiple(() =>
        {
            Assert.That(smtp.MaxConnectionsPerAddress, Is.EqualTo(5));
            Assert.That(smtp.MaxConnectionRatePerAddress, Is.EqualTo(30));
            Assert.That(smtp.ConnectionRateWindow, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(smtp.ReservedAuthenticatedConnections, Is.EqualTo(3));
            Assert.That(smtp.CommandLineTimeout, Is.EqualTo(TimeSpan.FromSeconds(45)));
            Assert.That(smtp.HandshakeTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(smtp.MaxSessionDuration, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(smtp.MaxAuthFailuresPerAddress, Is.EqualTo(4));
            Assert.That(smtp.MaxAuthFailuresPerUser, Is.EqualTo(6));
            Assert.That(smtp.AuthFailureWindow, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(smtp.MaxConcurrentAuthentications, Is.EqualTo(2));
            Assert.That(smtp.MaxNonTransactionCommands, Is.EqualTo(50));
        });
    }

    [TestCase("Relay:Smtp:MaxConnectionsPerAddress", "0")]
    [TestCase("Relay:Smtp:HandshakeTimeout", "00:00:00")]
    [TestCase("Relay:Smtp:MaxConcurrentAuthentications", "0")]
    public void An_out_of_range_limit_is_a_settings_error_naming_it(string key, string value)
    {
        var error = Assert.Throws<SettingsException>(() => Load((key, value)));

        Assert.That(error!.Message, Does.Contain(key.Split(':')[^1]));
    }

    private static LoadedSettings Load(params (string Key, string? Value)[] values) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
