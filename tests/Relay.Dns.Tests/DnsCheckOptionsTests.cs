using Relay.Dns.Verification;

namespace Relay.Dns.Tests;

public sealed class DnsCheckOptionsTests
{
    [Test]
    public void The_defaults_are_valid_and_use_the_system_resolver()
    {
        var options = new DnsCheckOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Validate, Throws.Nothing);
            Assert.That(options.Resolver, Is.Null);
        });
    }

    [Test]
    public void A_zero_timeout_is_named()
    {
        var options = new DnsCheckOptions { Timeout = TimeSpan.Zero };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("Timeout"));
    }

    [Test]
    public void Negative_retries_are_named()
    {
        var options = new DnsCheckOptions { Retries = -1 };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("Retries"));
    }
}
