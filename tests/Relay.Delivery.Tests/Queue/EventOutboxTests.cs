using Relay.Delivery.Events;

namespace Relay.Delivery.Tests.Queue;

/// <summary>The outbox's ids keep the order events were made in, which is the order a webhook gets them.</summary>
public sealed class EventOutboxTests
{
    [Test]
    public async Task Ids_made_within_one_millisecond_or_with_the_clock_stepping_back_still_sort_in_the_order_made()
    {
        var folder = Directory.CreateTempSubdirectory("relay-outbox-").FullName;
        try
        {
            var outbox = new EventOutbox(folder);
            var clock = new SettableClock { Now = new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero) };
            var ids = new List<string>();
            for (var index = 0; index < 200; index++)
            {
                ids.Add(outbox.NewId(clock));
                if (index == 100)
                {
                    clock.Now = clock.Now.AddSeconds(-5);
                }

                await outbox.AddAsync("hook", ids[^1], [(byte)'{', (byte)'}'], CancellationToken.None);
            }

            Assert.That(ids, Is.Unique);
            Assert.That(ids, Has.All.Match("^[0-9a-f]{32}$"));
            Assert.That(outbox.Pending("hook"), Is.EqualTo(ids), "oldest first");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A clock a test may set anywhere, backwards too (as NTP may step a real one).</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
