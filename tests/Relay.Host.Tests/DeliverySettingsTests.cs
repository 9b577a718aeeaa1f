using System.Net;
using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Host.Tests;

/// <summary>Relay:Delivery binds strictly, validates every limit and defaults to queue mode.</summary>
public sealed class DeliverySettingsTests
{
    private static LoadedSettings Load(params (string Key, string? Value)[] values) =>
        SettingsLoader.Load(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Test]
    public void The_defaults_are_queue_mode_through_the_smarthost_with_a_five_day_maximum_age()
    {
        var delivery = Load().Relay.Delivery;

        Assert.Multiple(() =>
        {
            Assert.That(delivery.Mode, Is.EqualTo(DeliveryMode.Queue));
            Assert.That(delivery.Routing, Is.EqualTo(DeliveryRouting.Smarthost));
            Assert.That(delivery.MaxAge, Is.EqualTo(TimeSpan.FromDays(5)));
            Assert.That(delivery.RequireTls, Is.False);
            Assert.That(delivery.DnsServerEndPoints(), Is.Empty, "the system resolver");
        });
    }

    [Test]
    public void Dns_servers_take_an_optional_port()
    {
        var delivery = Load(("Relay:Delivery:DnsServers:0", "192.0.2.53"), ("Relay:Delivery:DnsServers:1", "127.0.0.1:5353")).Relay.Delivery;

        Assert.That(delivery.DnsServerEndPoints(), Is.EqualTo(new[]
        {
            new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.Loopback, 5353),
        }));
    }

    [TestCase("Relay:Delivery:Mode", "Later", "Delivery:Mode")]
    [TestCase("Relay:Delivery:Routing", "Carrier-pigeon", "Delivery:Routing")]
    [TestCase("Relay:Delivery:MaxAge", "-1.00:00:00", "MaxAge")]
    [TestCase("Relay:Delivery:InitialRetryDelay", "02:00:00", "MaxRetryDelay")]
    [TestCase("Relay:Delivery:RetryJitter", "1.5", "RetryJitter")]
    [TestCase("Relay:Delivery:MaxConcurrentDeliveries", "0", "MaxConcurrentDeliveries")]
    [TestCase("Relay:Delivery:MxPort", "70000", "MxPort")]
    [TestCase("Relay:Delivery:DnsServers:0", "dns.example", "DnsServers")]
    [TestCase("Relay:Delivery:MaxAgee", "1.00:00:00", "MaxAgee")]
    public void A_bad_delivery_setting_stops_start_up_with_a_message_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<SettingsException>(() => Load((key, value)));

        Assert.That(error!.Message, Does.Contain(named));
    }
}
