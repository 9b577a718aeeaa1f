using Relay.Cli;

namespace Relay.Host.Tests;

public sealed class CliArgumentsTests
{
    [Test]
    public void Words_options_and_configuration_overrides_are_told_apart()
    {
        var parsed = CliArguments.Parse(["identity", "add", "--account", "shop", "--identity=example.com",
            "--Relay:Smtp:MaxRecipients=5", "--settings", "/etc/relay.json", "--signing-enabled"]);

        Assert.That(parsed.Words, Is.EqualTo(new[] { "identity", "add" }));
        Assert.That(parsed.Required("account"), Is.EqualTo("shop"));
        Assert.That(parsed.Required("identity"), Is.EqualTo("example.com"));
        Assert.That(parsed.Optional("signing-enabled"), Is.EqualTo("true"));
        Assert.That(parsed.ConfigurationArguments, Is.EqualTo(new[] { "--Relay:Smtp:MaxRecipients=5" }));
        Assert.That(parsed.SettingsFile, Is.EqualTo("/etc/relay.json"));
    }

    [Test]
    public void A_missing_required_option_is_a_usage_error_naming_it()
    {
        var parsed = CliArguments.Parse(["account", "add"]);

        var error = Assert.Throws<CliUsageException>(() => parsed.Required("name"));

        Assert.That(error!.Message, Does.Contain("--name"));
    }

    [Test]
    public void Unknown_options_are_listed()
    {
        var parsed = CliArguments.Parse(["account", "add", "--name", "x", "--pasword", "y"]);

        Assert.That(parsed.UnknownOptions("name", "password"), Is.EqualTo(new[] { "pasword" }));
    }
}
