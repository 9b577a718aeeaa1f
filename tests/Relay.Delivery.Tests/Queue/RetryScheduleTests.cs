using Relay.Delivery.Queue;

namespace Relay.Delivery.Tests.Queue;

public sealed class RetryScheduleTests
{
    private static readonly QueueOptions Options = new()
    {
        InitialRetryDelay = TimeSpan.FromMinutes(5),
        MaxRetryDelay = TimeSpan.FromHours(1),
        RetryJitter = 0.2,
    };

    [TestCase(1, 5)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(4, 40)]
    [TestCase(5, 60)]
    [TestCase(60, 60)]
    public void The_delay_doubles_per_attempt_up_to_the_cap_within_the_jitter(int attempts, int expectedMinutes)
    {
        var schedule = new RetrySchedule(Options, new Random(attempts));
        var expected = TimeSpan.FromMinutes(expectedMinutes);

        var delays = Enumerable.Range(0, 200).Select(_ => schedule.DelayAfter(attempts)).ToList();

        Assert.That(delays, Has.All.InRange(expected * 0.8, expected * 1.2));
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(100), "jitter spreads the delays");
    }

    [Test]
    public void Without_jitter_the_delay_is_exact()
    {
        var schedule = new RetrySchedule(new QueueOptions { RetryJitter = 0 }, new Random(1));

        Assert.That(schedule.DelayAfter(2), Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Invalid_options_are_refused_with_their_names()
    {
        var options = new QueueOptions { MaxRetryDelay = TimeSpan.FromMinutes(1), RetryJitter = 1.5, MaxConcurrentDeliveries = 0 };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(options.Validate);

        Assert.That(error!.Message, Does.Contain("MaxRetryDelay").And.Contain("RetryJitter").And.Contain("MaxConcurrentDeliveries"));
    }
}
