using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Host.Tests;

public sealed class SettingsLoaderTests
{
    private static LoadedSettings Load(params (string Key, string? Value)[] values) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Test]
    public void The_shipped_appsettings_load_with_the_documented_defaults()
    {
        var settings = Load();

        Assert.That(settings.SubmissionEndPoint?.Port, Is.EqualTo(2587));
        Assert.That(settings.ImplicitTlsEndPoint?.Port, Is.EqualTo(2465));
        Assert.That(settings.Smtp.MaxMessageSize, Is.EqualTo(40L * 1024 * 1024));
        Assert.That(settings.Smtp.MaxRecipients, Is.EqualTo(50));
        Assert.That(settings.Smtp.BareLineEndings, Is.EqualTo(Relay.Smtp.BareLineEndingPolicy.Reject));
        Assert.That(settings.Smtp.AllowPlaintextAuthOnLoopback, Is.False);
        Assert.That(settings.TrustedNetworks, Is.Empty, "no network may relay without AUTH by default");
        Assert.That(settings.NextHop.Host, Is.EqualTo("localhost"));
        Assert.That(settings.Smtp.TemporaryDirectory, Is.EqualTo(Path.Combine(settings.DataDirectory, "tmp")));
    }

    [TestCase("Relay:Smtp:MaxRecipients", "abc", "Relay:Smtp:MaxRecipients")]
    [TestCase("Relay:Smtp:MaxRecipients", "0", "MaxRecipients")]
    [TestCase("Relay:Smtp:MaxRecipent", "5", "MaxRecipent")]
    [TestCase("Relay:Smtp:BareLineEndings", "Ignore", "Relay:Smtp:BareLineEndings")]
    [TestCase("Relay:Smtp:EnableBinaryMime", "true", "Relay:Smtp:EnableBinaryMime")]
    [TestCase("Relay:NextHop:Port", "0", "Port")]
    [TestCase("Relay:NextHop:TlsMode", "Sometimes", "Relay:NextHop:TlsMode")]
    [TestCase("Relay:Listeners:Submission", "2587", "Relay:Listeners:Submission")]
    [TestCase("Relay:Listeners:ImplicitTls", "localhost:465", "Relay:Listeners:ImplicitTls")]
    [TestCase("Relay:Provider:Domain", "", "Relay:Provider:Domain")]
    [TestCase("Relay:ShutdownTimeout", "-00:00:01", "Relay:ShutdownTimeout")]
    [TestCase("Relay:Relaying:TrustedNetworks:0", "10.0.0.0/33", "Relay:Relaying:TrustedNetworks:0")]
    [TestCase("Relay:Relaying:TrustedNetworks:0", "10.0.0.0/8", "Relay:Relaying:TrustedNetworkAccount")]
    [TestCase("Relay:Accounts:0:Name", "shop", "Relay:Accounts:0:SmtpUserName")]
    [TestCase("Relay:Tpyo", "x", "Tpyo")]
    [TestCase("Relay:Storage:MinimumFreeDiskBytes", "-1", "Relay:Storage: MinimumFreeDiskBytes")]
    [TestCase("Relay:Storage:MaxSpareBytes", "-1", "MaxSpareBytes")]
    [TestCase("Relay:Storage:CheckInterval", "-00:00:01", "Relay:Storage: CheckInterval")]
    [TestCase("Relay:Storage:CheckIntervl", "00:00:01", "CheckIntervl")]
    public void A_bad_setting_stops_start_up_with_a_message_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => Load((key, value)));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [Test]
    public void The_storage_reserve_and_spare_cap_have_their_documented_defaults()
    {
        var storage = Load().Relay.Storage;

        Assert.That((storage.MinimumFreeDiskBytes, storage.CheckInterval, storage.MaxSpareBytes),
            Is.EqualTo((256L * 1024 * 1024, TimeSpan.FromSeconds(1), 256L * 1024 * 1024)));
    }

    [Test]
    public void Both_listeners_off_is_refused()
    {
        var error = Assert.Throws<SettingsException>(() => Load(("Relay:Listeners:Submission", ""), ("Relay:Listeners:ImplicitTls", "")));

        Assert.That(error!.Message, Does.Contain("Relay:Listeners"));
    }

    [Test]
    public void An_account_needs_exactly_one_password_source()
    {
        var error = Assert.Throws<SettingsException>(() => Load(
            ("Relay:Accounts:0:Name", "shop"), ("Relay:Accounts:0:SmtpUserName", "shop"),
            ("Relay:Accounts:0:SmtpPassword", "pw"), ("Relay:Accounts:0:SmtpPasswordFile", "/run/secrets/pw")));

        Assert.That(error!.Message, Does.Contain("Relay:Accounts:0").And.Contain("exactly one"));
    }

    [Test]
    public void Environment_style_overrides_reach_the_library_options()
    {
        var settings = Load(("Relay:Smtp:MaxRecipients", "7"), ("Relay:NextHop:Port", "2525"), ("Relay:Smtp:BareLineEndings", "Normalize"));

        Assert.That(settings.Smtp.MaxRecipients, Is.EqualTo(7));
        Assert.That(settings.NextHop.Port, Is.EqualTo(2525));
        Assert.That(settings.Smtp.BareLineEndings, Is.EqualTo(Relay.Smtp.BareLineEndingPolicy.Normalize));
    }
}
