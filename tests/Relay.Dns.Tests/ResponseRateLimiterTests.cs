using System.Net;
using Microsoft.Extensions.Time.Testing;
using Relay.Dns.RateLimiting;

namespace Relay.Dns.Tests;

/// <summary>The token buckets of response rate limiting, on a fake clock.</summary>
public sealed class ResponseRateLimiterTests
{
    private const int NoError = 0;
    private const int NxDomain = 3;
    private const int Refused = 5;
    private const ushort Txt = 16;
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");

    private readonly FakeTimeProvider _time = new();

    [Test]
    public void The_default_limit_sends_five_then_drops_and_slips_every_second_one()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions(), _time);

        var decisions = Enumerable.Range(0, 11).Select(_ => Decide(limiter, Client, NoError, "a.zone.")).ToList();

        Assert.That(decisions, Is.EqualTo(new[]
        {
            RateLimitDecision.Send, RateLimitDecision.Send, RateLimitDecision.Send, RateLimitDecision.Send, RateLimitDecision.Send,
            RateLimitDecision.Drop, RateLimitDecision.Slip, RateLimitDecision.Drop, RateLimitDecision.Slip, RateLimitDecision.Drop,
            RateLimitDecision.Slip,
        }));
    }

    [Test]
    public void Tokens_come_back_at_the_configured_rate_and_no_faster()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions(), _time);
        Exhaust(limiter, Client, "a.zone.");

        _time.Advance(TimeSpan.FromMilliseconds(199));
        var tooEarly = Decide(limiter, Client, NoError, "a.zone.");
        _time.Advance(TimeSpan.FromMilliseconds(2));
        var afterOneFifth = Decide(limiter, Client, NoError, "a.zone.");
        var thenEmpty = Decide(limiter, Client, NoError, "a.zone.");
        _time.Advance(TimeSpan.FromSeconds(60));
        var afterAMinute = Enumerable.Range(0, 6).Select(_ => Decide(limiter, Client, NoError, "a.zone.")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(tooEarly, Is.Not.EqualTo(RateLimitDecision.Send));
            Assert.That(afterOneFifth, Is.EqualTo(RateLimitDecision.Send));
            Assert.That(thenEmpty, Is.Not.EqualTo(RateLimitDecision.Send));
            Assert.That(afterAMinute.Count(d => d == RateLimitDecision.Send), Is.EqualTo(5), "the burst is one second's worth");
        });
    }

    [Test]
    public void One_IPv4_slash_24_shares_a_bucket_and_the_next_does_not()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions(), _time);
        Exhaust(limiter, Client, "a.zone.");

        Assert.Multiple(() =>
        {
            Assert.That(Decide(limiter, IPAddress.Parse("198.51.100.250"), NoError, "a.zone."), Is.Not.EqualTo(RateLimitDecision.Send));
            Assert.That(Decide(limiter, IPAddress.Parse("::ffff:198.51.100.9"), NoError, "a.zone."), Is.Not.EqualTo(RateLimitDecision.Send));
            Assert.That(Decide(limiter, IPAddress.Parse("198.51.101.7"), NoError, "a.zone."), Is.EqualTo(RateLimitDecision.Send));
        });
    }

    [Test]
    public void One_IPv6_slash_56_shares_a_bucket_and_the_next_does_not()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions(), _time);
        Exhaust(limiter, IPAddress.Parse("2001:db8:0:1200::1"), "a.zone.");

        Assert.Multiple(() =>
        {
            Assert.That(Decide(limiter, IPAddress.Parse("2001:db8:0:12ff:ffff::1"), NoError, "a.zone."), Is.Not.EqualTo(RateLimitDecision.Send));
            Assert.That(Decide(limiter, IPAddress.Parse("2001:db8:0:1300::1"), NoError, "a.zone."), Is.EqualTo(RateLimitDecision.Send));
        });
    }

    [Test]
    public void Other_names_and_types_have_their_own_bucket_but_all_NXDOMAIN_and_all_errors_share_one()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions(), _time);
        Exhaust(limiter, Client, "a.zone.");
        for (var i = 0; i < 5; i++)
        {
            Decide(limiter, Client, NxDomain, $"random{i}.zone.");
            Decide(limiter, Client, Refused, $"other{i}.example.");
        }

        Assert.Multiple(() =>
        {
            Assert.That(Decide(limiter, Client, NoError, "b.zone."), Is.EqualTo(RateLimitDecision.Send));
            Assert.That(limiter.Decide(Client, NoError, "a.zone.", 1, out _), Is.EqualTo(RateLimitDecision.Send), "type A");
            Assert.That(Decide(limiter, Client, NxDomain, "random99.zone."), Is.Not.EqualTo(RateLimitDecision.Send));
            Assert.That(Decide(limiter, Client, Refused, "other99.example."), Is.Not.EqualTo(RateLimitDecision.Send));
        });
    }

    [TestCase(0, "Drop", "Drop")]
    [TestCase(1, "Slip", "Slip")]
    [TestCase(3, "Drop", "Drop")]
    public void Slip_sets_which_dropped_responses_go_out_truncated(int slip, string firstName, string secondName)
    {
        var first = Enum.Parse<RateLimitDecision>(firstName);
        var second = Enum.Parse<RateLimitDecision>(secondName);
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions { Slip = slip }, _time);
        Exhaust(limiter, Client, "a.zone.");

        Assert.That(new[] { Decide(limiter, Client, NoError, "a.zone."), Decide(limiter, Client, NoError, "a.zone.") }, Is.EqualTo(new[] { first, second }));
    }

    [Test]
    public void Zero_responses_per_second_turns_limiting_off()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions { ResponsesPerSecond = 0 }, _time);

        Assert.That(Enumerable.Range(0, 1000).Select(_ => Decide(limiter, Client, NoError, "a.zone.")), Has.All.EqualTo(RateLimitDecision.Send));
    }

    [Test]
    public void A_full_table_forgets_refilled_buckets_and_otherwise_slips_new_ones()
    {
        var limiter = new ResponseRateLimiter(new ResponseRateLimitOptions { MaxTrackedResponses = 3 }, _time);
        for (var i = 0; i < 3; i++)
        {
            Decide(limiter, Client, NoError, $"n{i}.zone.");
        }

        var whileFull = Decide(limiter, Client, NoError, "new.zone.");
        _time.Advance(TimeSpan.FromSeconds(2));
        var afterRefill = Decide(limiter, Client, NoError, "new.zone.");

        Assert.Multiple(() =>
        {
            Assert.That(whileFull, Is.EqualTo(RateLimitDecision.Slip));
            Assert.That(afterRefill, Is.EqualTo(RateLimitDecision.Send));
            Assert.That(limiter.TrackedCount, Is.EqualTo(1));
        });
    }

    private static RateLimitDecision Decide(ResponseRateLimiter limiter, IPAddress client, int returnCode, string name) =>
        limiter.Decide(client, returnCode, name, Txt, out _);

    private static void Exhaust(ResponseRateLimiter limiter, IPAddress client, string name)
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.That(Decide(limiter, client, NoError, name), Is.EqualTo(RateLimitDecision.Send));
        }
    }
}
