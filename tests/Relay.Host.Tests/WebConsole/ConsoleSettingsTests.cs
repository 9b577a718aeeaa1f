using System.Net;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests.WebConsole;

public sealed class ConsoleSettingsTests
{
    private static readonly string Hash = SmtpPasswordHasher.Hash("pw", 1_000);

    private static LoadedSettings Load(string listen, params (string Key, string? Value)[] more) =>
        TestSettings.Load([("Relay:Console:Listen", listen), ("Relay:Console:Users:0:Name", "admin"), ("Relay:Console:Users:0:PasswordHash", Hash), .. more]);

    [Test]
    public void The_console_is_off_by_default()
    {
        Assert.That(TestSettings.Load().ConsoleEndPoint, Is.Null);
    }

    [Test]
    public void A_port_alone_listens_on_loopback_and_an_address_where_it_says()
    {
        Assert.That(Load("8026").ConsoleEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 8026)));
        Assert.That(Load("0.0.0.0:8026").ConsoleEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Any, 8026)));
        Assert.That(Load("[::1]:8026").ConsoleEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, 8026)));
    }

    [TestCase("localhost:8026")]
    [TestCase("99999")]
    [TestCase("yes")]
    public void A_bad_listen_value_stops_start_up_in_one_line_naming_the_setting(string listen)
    {
        var failure = Assert.Throws<SettingsException>(() => Load(listen))!;

        Assert.That(failure.Message, Does.StartWith($"Relay:Console:Listen '{listen}' is not a port"));
        Assert.That(failure.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void A_console_nobody_can_sign_in_to_is_refused()
    {
        var failure = Assert.Throws<SettingsException>(() => TestSettings.Load(("Relay:Console:Listen", "8026")))!;

        Assert.That(failure.Message, Does.Contain("Relay:Console:Users"));
        Assert.That(failure.Message, Does.Contain("relay console hash-password"));
    }

    [TestCase("Relay:Console:Users:0:PasswordHash", "s3cret", "Relay:Console:Users:0:PasswordHash")]
    [TestCase("Relay:Console:Users:1:Name", "ADMIN", "Relay:Console:Users:1")]
    [TestCase("Relay:Console:SessionIdleTimeout", "00:00:00", "Relay:Console:SessionIdleTimeout")]
    [TestCase("Relay:Console:MaxSignInFailures", "0", "Relay:Console:MaxSignInFailures")]
    [TestCase("Relay:Console:SignInFailureWindow", "-00:01:00", "Relay:Console:SignInFailureWindow")]
    [TestCase("Relay:Console:Lisen", "8026", "Lisen")]
    public void A_bad_console_setting_is_named(string key, string value, string named)
    {
        var values = new Dictionary<string, string?>
        {
            ["Relay:Console:Listen"] = "8026",
            ["Relay:Console:Users:0:Name"] = "admin",
            ["Relay:Console:Users:0:PasswordHash"] = Hash,
            ["Relay:Console:Users:1:Name"] = "second",
            ["Relay:Console:Users:1:PasswordHash"] = Hash,
        };
        values[key] = value;

        var failure = Assert.Throws<SettingsException>(() => TestSettings.Load([.. values.Select(pair => (pair.Key, pair.Value))]))!;

        Assert.That(failure.Message, Does.Contain(named));
    }
}
