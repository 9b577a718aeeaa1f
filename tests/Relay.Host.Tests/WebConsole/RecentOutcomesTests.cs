using Relay.Configuration;
using Relay.WebConsole.Mail;

namespace Relay.Host.Tests.WebConsole;

public sealed class RecentOutcomesTests
{
    [Test]
    public void The_ring_keeps_the_last_RecentOutcomes_newest_first_and_filters_by_account()
    {
        var outcomes = new RecentOutcomes(new ConsoleMailSettings { RecentOutcomes = 3 });
        var start = DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 5; i++)
        {
            outcomes.Record(new RecentOutcome(start.AddMinutes(i), i % 2 == 0 ? "even" : "odd", $"m{i}", "a@b.example", "1 recipient", OutcomeKind.Accepted, null));
        }

        Assert.That(outcomes.Newest(null).Select(outcome => outcome.MessageId), Is.EqualTo(new[] { "m4", "m3", "m2" }));
        Assert.That(outcomes.Newest("even").Select(outcome => outcome.MessageId), Is.EqualTo(new[] { "m4", "m2" }));
        Assert.That(outcomes.Newest("nobody"), Is.Empty);
    }
}
