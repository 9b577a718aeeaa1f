using System.Net;
using Relay.Configuration;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests;

/// <summary>The Easy DKIM sections: Relay:KeyZone, Relay:DnsChecks, Relay:Identities, Relay:Notifications.</summary>
public sealed class LifecycleSettingsTests
{
    [Test]
    public void The_shipped_appsettings_give_the_documented_lifecycle_defaults()
    {
        var settings = TestSettings.Load();

        Assert.Multiple(() =>
        {
            Assert.That(settings.KeyZone.Zone, Is.EqualTo("dkim.relay.localhost"));
            Assert.That(settings.Identities.ProviderDkimZone, Is.EqualTo("dkim.relay.localhost"));
            Assert.That(settings.KeyZone.EndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Any, 10053)));
            Assert.That(settings.Relay.KeyZone.Enabled, Is.True);
            Assert.That(settings.DnsResolver, Is.Null, "empty Resolver means the system's resolvers");
            Assert.That(settings.Relay.DnsChecks.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(settings.Relay.DnsChecks.Retries, Is.EqualTo(2));
            Assert.That(settings.Relay.DnsChecks.ClaimLease, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(settings.Identities.VerificationRecordPrefix, Is.EqualTo("amazonses"));
            Assert.That(settings.Identities.PendingWindow, Is.EqualTo(TimeSpan.FromHours(72)));
            Assert.That(settings.Identities.RevocationGracePeriod, Is.EqualTo(TimeSpan.FromHours(72)));
            Assert.That(settings.Relay.Notifications.EmailContacts, Is.True);
            Assert.That(settings.Relay.Notifications.WebhookUrl, Is.Empty);
            Assert.That(settings.Identities.HistoryPerIdentity, Is.EqualTo(200));
        });
    }

    [Test]
    public void The_key_zone_defaults_to_dkim_under_the_provider_domain_and_the_CNAME_targets_follow_it()
    {
        var settings = TestSettings.Load(("Relay:Provider:Domain", "relay.example.net"));

        Assert.That(settings.KeyZone.Zone, Is.EqualTo("dkim.relay.example.net"));
        Assert.That(settings.Identities.ProviderDkimZone, Is.EqualTo("dkim.relay.example.net"));
    }

    [Test]
    public void A_configured_zone_is_used_lower_case_without_its_final_dot()
    {
        var settings = TestSettings.Load(("Relay:KeyZone:Zone", "Keys.Relay.Example.NET."));

        Assert.That(settings.KeyZone.Zone, Is.EqualTo("keys.relay.example.net"));
        Assert.That(settings.Identities.ProviderDkimZone, Is.EqualTo("keys.relay.example.net"));
    }

    [Test]
    public void Key_zone_lists_and_endpoints_bind()
    {
        var settings = TestSettings.Load(
            ("Relay:KeyZone:Listen", "127.0.0.1:5300"),
            ("Relay:KeyZone:NameServers:0", "ns1.example.net"),
            ("Relay:KeyZone:NameServers:1", "ns2.example.org"),
            ("Relay:KeyZone:NameServerAddresses:0", "192.0.2.53"),
            ("Relay:KeyZone:HostmasterEmail", "dns-admin@example.net"),
            ("Relay:KeyZone:Ttl", "00:10:00"),
            ("Relay:DnsChecks:Resolver", "127.0.0.1:5353"));

        Assert.Multiple(() =>
        {
            Assert.That(settings.KeyZone.EndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 5300)));
            Assert.That(settings.KeyZone.NameServers, Is.EqualTo(new[] { "ns1.example.net", "ns2.example.org" }));
            Assert.That(settings.KeyZone.NameServerAddresses, Is.EqualTo(new[] { IPAddress.Parse("192.0.2.53") }));
            Assert.That(settings.KeyZone.HostmasterEmail, Is.EqualTo("dns-admin@example.net"));
            Assert.That(settings.KeyZone.Ttl, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(settings.DnsResolver, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 5353)));
        });
    }

    [Test]
    public void TimeSpans_with_days_and_fractions_parse()
    {
        var settings = TestSettings.Load(
            ("Relay:Identities:PendingWindow", "3.00:00:00"),
            ("Relay:Identities:RevocationGracePeriod", "1.12:00:00"),
            ("Relay:Identities:EmailConfirmationWindow", "2.00:00:00"),
            ("Relay:Identities:VerifyDomainDkimInterval", "00:00:00"),
            ("Relay:DnsChecks:Timeout", "00:00:00.200"),
            ("Relay:DnsChecks:PollInterval", "00:01:30"),
            ("Relay:Notifications:WebhookTimeout", "00:00:02.500"));

        Assert.Multiple(() =>
        {
            Assert.That(settings.Identities.PendingWindow, Is.EqualTo(TimeSpan.FromDays(3)));
            Assert.That(settings.Identities.RevocationGracePeriod, Is.EqualTo(TimeSpan.FromHours(36)));
            Assert.That(settings.Identities.EmailConfirmationWindow, Is.EqualTo(TimeSpan.FromDays(2)));
            Assert.That(settings.Identities.VerifyDomainDkimInterval, Is.EqualTo(TimeSpan.Zero));
            Assert.That(settings.Relay.DnsChecks.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
            Assert.That(settings.Relay.DnsChecks.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(settings.Relay.Notifications.WebhookTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
        });
    }

    [Test]
    public void Notification_settings_bind()
    {
        var settings = TestSettings.Load(
            ("Relay:Notifications:EmailContacts", "false"),
            ("Relay:Notifications:FromAddress", "dkim@relay.example.net"),
            ("Relay:Notifications:WebhookUrl", "https://hooks.example.net/relay"));

        Assert.That(settings.Relay.Notifications.EmailContacts, Is.False);
        Assert.That(settings.Relay.Notifications.FromAddress, Is.EqualTo("dkim@relay.example.net"));
        Assert.That(settings.Relay.Notifications.WebhookUrl, Is.EqualTo("https://hooks.example.net/relay"));
    }

    [TestCase("Relay:KeyZone:Zoen", "dkim.example.net", "Zoen")]
    [TestCase("Relay:KeyZone:NameServer:0", "ns1.example.net", "NameServer")]
    [TestCase("Relay:DnsChecks:Resolvr", "127.0.0.1:53", "Resolvr")]
    [TestCase("Relay:DnsChecks:TimeOutSeconds", "5", "TimeOutSeconds")]
    [TestCase("Relay:Identities:PendingWindw", "1.00:00:00", "PendingWindw")]
    [TestCase("Relay:Identities:ProviderZone", "dkim.example.net", "ProviderZone")]
    [TestCase("Relay:Notifications:WebhookUri", "http://127.0.0.1/", "WebhookUri")]
    [TestCase("Relay:Notifications:EmailContact", "false", "EmailContact")]
    public void An_unknown_key_in_a_lifecycle_section_is_refused_by_name(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => TestSettings.Load((key, value)));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [TestCase("Relay:KeyZone:Listen", "10053", "Relay:KeyZone:Listen")]
    [TestCase("Relay:KeyZone:Listen", "localhost:10053", "Relay:KeyZone:Listen")]
    [TestCase("Relay:KeyZone:Zone", "localhost", "Relay:KeyZone")]
    [TestCase("Relay:KeyZone:NameServerAddresses:0", "ns1.example.net", "Relay:KeyZone:NameServerAddresses")]
    [TestCase("Relay:KeyZone:Ttl", "-00:00:01", "Relay:KeyZone")]
    [TestCase("Relay:KeyZone:Ttl", "soon", "KeyZone:Ttl")]
    [TestCase("Relay:DnsChecks:Resolver", "127.0.0.1", "Relay:DnsChecks:Resolver")]
    [TestCase("Relay:DnsChecks:Resolver", "dns.example.net:53", "Relay:DnsChecks:Resolver")]
    [TestCase("Relay:DnsChecks:ClaimLease", "00:00:00", "Relay:DnsChecks:ClaimLease")]
    [TestCase("Relay:Notifications:WebhookUrl", "ftp://hooks.example.net/relay", "Relay:Notifications:WebhookUrl")]
    [TestCase("Relay:Notifications:WebhookUrl", "/relative/hook", "Relay:Notifications:WebhookUrl")]
    [TestCase("Relay:Notifications:WebhookTimeout", "00:00:00", "Relay:Notifications:WebhookTimeout")]
    [TestCase("Relay:Identities:VerificationRecordPrefix", "_amazonses", "Relay:Identities")]
    [TestCase("Relay:Identities:ConfirmationLinkBase", "not a url", "Relay:Identities")]
    [TestCase("Relay:Identities:HistoryPerIdentity", "0", "HistoryPerIdentity")]
    public void A_bad_lifecycle_setting_is_refused_naming_its_path(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => TestSettings.Load((key, value)));

        Assert.That(error!.Message, Does.Contain(named));
    }

    [TestCase("PendingWindow", "-01:00:00")]
    [TestCase("PendingWindow", "00:00:00")]
    [TestCase("RevocationGracePeriod", "-3.00:00:00")]
    [TestCase("EmailConfirmationWindow", "-00:00:01")]
    [TestCase("FirstRetryDelay", "00:00:00")]
    [TestCase("RecheckInterval", "-00:00:01")]
    [TestCase("VerifyDomainDkimInterval", "-00:00:01")]
    public void A_negative_or_empty_lifecycle_window_is_refused_naming_section_and_setting(string setting, string value)
    {
        var error = Assert.Throws<SettingsException>(() => TestSettings.Load(($"Relay:Identities:{setting}", value)));

        Assert.That(error!.Message, Does.Contain("Relay:Identities").And.Contain(setting));
    }

    // The DNS check settings reach DkimRecordChecker and the background verifier only after start-up; unchecked they
    // end "relay run" with an ArgumentException instead of a configuration error (Timeout, Retries), spin the verifier
    // in a loop that never sleeps (BatchSize 0, PollInterval 0), or stop the host from inside the verifier
    // (a negative PollInterval makes Task.Delay throw in its own catch block).
    [TestCase("Timeout", "-00:00:01")]
    [TestCase("Timeout", "00:00:00")]
    [TestCase("Retries", "-1")]
    [TestCase("BatchSize", "0")]
    [TestCase("PollInterval", "00:00:00")]
    [TestCase("PollInterval", "-00:00:01")]
    public void A_bad_DNS_check_setting_is_refused_at_load_naming_its_path(string setting, string value)
    {
        var error = Assert.Throws<SettingsException>(() => TestSettings.Load(($"Relay:DnsChecks:{setting}", value)));

        Assert.That(error!.Message, Does.Contain($"Relay:DnsChecks:{setting}"));
    }
}
