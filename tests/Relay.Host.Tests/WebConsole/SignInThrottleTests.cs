using System.Net;
using Microsoft.Extensions.Time.Testing;
using Relay.Configuration;
using Relay.WebConsole;

namespace Relay.Host.Tests.WebConsole;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 5, 0, 0, TimeSpan.Zero));

    private SignInThrottle Throttle() =>
        new(new ConsoleSettings { MaxSignInFailures = 3, SignInFailureWindow = TimeSpan.FromMinutes(15) }, _time);

    [Test]
    public void The_limit_blocks_the_name_from_any_address_and_the_address_for_any_name()
    {
        var throttle = Throttle();
        for (var failure = 0; failure < 3; failure++)
        {
            Assert.That(throttle.IsBlocked("admin", Client), Is.False, $"after {failure} failures");
            throttle.RecordFailure("admin", Client);
        }

        Assert.That(throttle.IsBlocked("ADMIN", IPAddress.Parse("198.51.100.1")), Is.True, "names are compared without case");
        Assert.That(throttle.IsBlocked("other", Client), Is.True);
        Assert.That(throttle.IsBlocked("other", IPAddress.Parse("198.51.100.1")), Is.False);
    }

    [Test]
    public void Failures_leave_the_window_as_it_slides()
    {
        var throttle = Throttle();
        throttle.RecordFailure("admin", Client);
        _time.Advance(TimeSpan.FromMinutes(10));
        throttle.RecordFailure("admin", Client);
        throttle.RecordFailure("admin", Client);
        Assert.That(throttle.IsBlocked("admin", Client), Is.True);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.That(throttle.IsBlocked("admin", Client), Is.False, "the first failure is 15 minutes old");
    }

    [Test]
    public void A_right_password_clears_the_names_failures_but_not_the_addresses()
    {
        var throttle = Throttle();
        throttle.RecordFailure("admin", Client);
        throttle.RecordFailure("admin", Client);
        throttle.RecordFailure("other", IPAddress.Parse("198.51.100.1"));

        throttle.RecordSuccess("admin");
        throttle.RecordFailure("admin", IPAddress.Parse("198.51.100.2"));
        throttle.RecordFailure("admin", IPAddress.Parse("198.51.100.3"));

        Assert.That(throttle.IsBlocked("admin", IPAddress.Parse("203.0.113.9")), Is.False);
        throttle.RecordFailure("x", Client);
        Assert.That(throttle.IsBlocked("y", Client), Is.True, "the address kept its two failures and got a third");
    }
}
