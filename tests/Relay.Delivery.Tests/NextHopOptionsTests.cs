using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Relay.Delivery.Tests;

public sealed class NextHopOptionsTests
{
    private static NextHopOptions Valid() => new() { Host = "smtp.example.net" };

    [Test]
    public void Defaults_are_port_25_opportunistic_STARTTLS_and_checked_certificates()
    {
        var options = new NextHopOptions();

        Assert.That(options.Port, Is.EqualTo(25));
        Assert.That(options.TlsMode, Is.EqualTo(NextHopTlsMode.StartTlsWhenAvailable));
        Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.CommandTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(options.QuitTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(options.AcceptInvalidCertificates, Is.False);
        Assert.That((options.UserName, options.Password, options.LocalDomain), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
    }

    [Test]
    public void A_host_is_all_a_valid_configuration_needs() => Assert.DoesNotThrow(Valid().Validate);

    [TestCaseSource(nameof(BadSettings))]
    public void Validate_names_the_bad_setting(Action<NextHopOptions> spoil, string setting)
    {
        var options = Valid();
        spoil(options);

        var error = Assert.Throws<ValidationException>(options.Validate);

        Assert.That(error!.Message, Does.Contain("NextHopOptions." + setting));
    }

    [Test]
    public void Validate_lists_every_bad_setting_at_once()
    {
        var options = new NextHopOptions { Host = "", Port = 0, CommandTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ValidationException>(options.Validate);

        Assert.That(error!.Message, Does.Contain("NextHopOptions.Host").And.Contain("NextHopOptions.Port").And.Contain("NextHopOptions.CommandTimeout"));
    }

    [Test]
    public void The_forwarder_refuses_invalid_options() =>
        Assert.Throws<ValidationException>(() => _ = new SmtpForwarder(new NextHopOptions(), NullLogger<SmtpForwarder>.Instance));

    [Test]
    public void The_password_never_appears_in_a_validation_message()
    {
        var options = new NextHopOptions { Host = "", UserName = "u", Password = "s3cret" };

        var error = Assert.Throws<ValidationException>(options.Validate);

        Assert.That(error!.Message, Does.Not.Contain("s3cret"));
    }

    private static IEnumerable<TestCaseData> BadSettings()
    {
        yield return Bad("no host", o => o.Host = "  ", "Host");
        yield return Bad("host with space", o => o.Host = "smtp example", "Host");
        yield return Bad("port 0", o => o.Port = 0, "Port");
        yield return Bad("port 65536", o => o.Port = 65536, "Port");
        yield return Bad("undefined TLS mode", o => o.TlsMode = (NextHopTlsMode)42, "TlsMode");
        yield return Bad("user without password", o => o.UserName = "u", "Password");
        yield return Bad("password without user", o => o.Password = "p", "UserName");
        yield return Bad("blank user", o => (o.UserName, o.Password) = (" ", "p"), "UserName");
        yield return Bad("zero connect timeout", o => o.ConnectTimeout = TimeSpan.Zero, "ConnectTimeout");
        yield return Bad("negative command timeout", o => o.CommandTimeout = TimeSpan.FromSeconds(-1), "CommandTimeout");
        yield return Bad("command timeout of days", o => o.CommandTimeout = TimeSpan.FromDays(2), "CommandTimeout");
        yield return Bad("zero QUIT timeout", o => o.QuitTimeout = TimeSpan.Zero, "QuitTimeout");
        yield return Bad("EHLO name with space", o => o.LocalDomain = "relay example", "LocalDomain");
        yield return Bad("empty EHLO name", o => o.LocalDomain = "", "LocalDomain");
    }

    private static TestCaseData Bad(string name, Action<NextHopOptions> spoil, string setting) =>
        new TestCaseData(spoil, setting).SetArgDisplayNames(name);
}
