using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Host.Tests.Support;

namespace Relay.Host.Tests.WebConsole;

public sealed class ConsoleMailSettingsTests
{
    private static readonly string Hash = SmtpPasswordHasher.Hash("pw", 1_000);

    private static LoadedSettings Load(params (string Key, string? Value)[] more) =>
        TestSettings.Load([("Relay:Console:Listen", "8026"), ("Relay:Console:Users:0:Name", "admin"), ("Relay:Console:Users:0:PasswordHash", Hash), .. more]);

    [Test]
    public void The_defaults_are_fifty_a_queue_page_and_a_thousand_recent_outcomes()
    {
        var mail = Load().Relay.Console.Mail;

        Assert.That((mail.QueuePageSize, mail.RecentOutcomes), Is.EqualTo((50, 1000)));
    }

    [TestCase("Relay:Console:Mail:QueuePageSize", "0")]
    [TestCase("Relay:Console:Mail:QueuePageSize", "1001")]
    [TestCase("Relay:Console:Mail:RecentOutcomes", "0")]
    [TestCase("Relay:Console:Mail:RecentOutcomes", "100001")]
    public void A_value_out_of_range_stops_start_up_naming_the_setting(string key, string value)
    {
        var failure = Assert.Throws<SettingsException>(() => Load((key, value)))!;

        Assert.That(failure.Message, Does.StartWith(key + " must be from 1 to"));
        Assert.That(failure.Message, Does.Contain($"(was {value})"));
    }
}
