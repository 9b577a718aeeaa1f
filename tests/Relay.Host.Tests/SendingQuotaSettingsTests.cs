using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Host.Tests;

/// <summary><c>Relay:Quotas</c> and an account's own <c>Max24HourSend</c> / <c>MaxSendRate</c>: documented defaults, bad values named.</summary>
public sealed class SendingQuotaSettingsTests
{
    private static LoadedSettings Load(params (string Key, string? Value)[] values) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    private static (string, string?)[] Account(string key, string value) =>
    [
        ("Relay:Accounts:0:Name", "shop"), ("Relay:Accounts:0:SmtpUserName", "shop"), ("Relay:Accounts:0:SmtpPassword", "pw"),
        ($"Relay:Accounts:0:{key}", value),
    ];

    [Test]
    public void The_defaults_are_a_real_quota_50000_a_day_and_14_a_second_flushed_every_second()
    {
        var quotas = Load().Relay.Quotas;

        Assert.That((quotas.Max24HourSend, quotas.MaxSendRate, quotas.FlushInterval), Is.EqualTo((50_000.0, 14.0, TimeSpan.FromSeconds(1))));
    }

    [TestCase("Relay:Quotas:MaxSendRate", "0", "Relay:Quotas: MaxSendRate must be more than 0")]
    [TestCase("Relay:Quotas:MaxSendRate", "-1", "Relay:Quotas: MaxSendRate must be more than 0")]
    [TestCase("Relay:Quotas:Max24HourSend", "-2", "Relay:Quotas: Max24HourSend")]
    [TestCase("Relay:Quotas:Max24HourSend", "1.5", "Relay:Quotas: Max24HourSend")]
    [TestCase("Relay:Quotas:FlushInterval", "00:00:00", "Relay:Quotas: FlushInterval")]
    [TestCase("Relay:Quotas:MaxSendRat", "5", "MaxSendRat")]
    public void A_bad_quota_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => Load((key, value)));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [TestCase("MaxSendRate", "0", "Relay:Accounts:0: MaxSendRate must be more than 0")]
    [TestCase("Max24HourSend", "-5", "Relay:Accounts:0: Max24HourSend")]
    public void A_bad_quota_of_an_account_stops_start_up_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => Load(Account(key, value)));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [Test]
    public void An_account_may_have_an_unlimited_day_and_its_own_rate()
    {
        var settings = Load([.. Account("Max24HourSend", "-1"), ("Relay:Accounts:0:MaxSendRate", "0.5")]);

        Assert.That((settings.Relay.Accounts[0].Max24HourSend, settings.Relay.Accounts[0].MaxSendRate), Is.EqualTo((-1.0, 0.5)));
    }
}
